/**
 * `fieldnote`: the command line, calling the same services as the app. Exit 0 on success,
 * 1 for a user error (a message on stderr says what and what to do), 2 for bad usage.
 * It never prints interview content unless a command exists to show it.
 *
 * `main` returns the exit status and never exits the process: bin/fieldnote.mjs sets it, and
 * the tests call `main(argv, io)` in-process with captured output.
 */
import { FieldnoteError } from '../../shared/api/errors';
import type { CliIo } from './command';
import { UsageError, UserError } from './errors';
import { processIo } from './io';
import { commandGroups } from './registry';

function help(): string {
  const lines = ['Usage: fieldnote GROUP COMMAND [options]', '', 'Commands:'];
  for (const group of commandGroups) {
    for (const command of [...(group.command ? [group.command] : []), ...Object.values(group.commands)]) lines.push(`  ${command.usage}`, `      ${command.summary}`);
  }
  lines.push(
    '',
    'Passphrases come from FIELDNOTE_PASSPHRASE (FIELDNOTE_NEW_PASSPHRASE for rekey,',
    'FIELDNOTE_OTHER_PASSPHRASE for the other project of a merge),',
    'or are asked for without echo when run in a terminal.',
    'Exit status: 0 success, 1 user error, 2 bad usage.',
  );
  return lines.join('\n');
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    io.out(help());
    return groupName === undefined ? 2 : 0;
  }
  try {
    const group = commandGroups.find((g) => g.name === groupName);
    if (!group) throw new UsageError(`Unknown command "${groupName}". Run fieldnote --help.`);
    if (group.command) {
      if (commandName === '--help' || rest.includes('--help')) {
        io.out(`${group.command.usage}\n    ${group.command.summary}`);
        return 0;
      }
      await group.command.run([...(commandName === undefined ? [] : [commandName]), ...rest], io);
      return 0;
    }
    if (commandName === undefined || commandName === '--help') {
      io.out(Object.values(group.commands).map((c) => `${c.usage}\n    ${c.summary}`).join('\n'));
      return commandName === undefined ? 2 : 0;
    }
    const command = group.commands[commandName];
    if (!command) throw new UsageError(`Unknown command "${groupName} ${commandName}". Run fieldnote --help.`);
    if (rest.includes('--help')) {
      io.out(`${command.usage}\n    ${command.summary}`);
      return 0;
    }
    await command.run(rest, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`fieldnote: ${error.message}`);
      return 2;
    }
    if (error instanceof UserError || error instanceof FieldnoteError) {
      io.err(`fieldnote: ${error.message}`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`fieldnote: ${(error as Error).message}. Run fieldnote --help.`);
      return 2;
    }
    io.err(`fieldnote: unexpected ${(error as Error)?.name ?? 'error'}; nothing was changed.`);
    return 1;
  }
}
