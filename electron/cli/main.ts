/**
 * `fieldnote`: the command line, calling the same services as the app. Exit 0 on success,
 * 1 for a user error (a message on stderr says what and what to do), 2 for bad usage.
 * It never prints interview content unless a command exists to show it.
 */
import { FieldnoteError } from '../../shared/api/errors';
import { UsageError, UserError } from './errors';
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

export async function main(argv: string[]): Promise<number> {
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    console.log(help());
    return groupName === undefined ? 2 : 0;
  }
  try {
    const group = commandGroups.find((g) => g.name === groupName);
    if (!group) throw new UsageError(`Unknown command "${groupName}". Run fieldnote --help.`);
    if (group.command) {
      if (commandName === '--help' || rest.includes('--help')) {
        console.log(`${group.command.usage}\n    ${group.command.summary}`);
        return 0;
      }
      await group.command.run([...(commandName === undefined ? [] : [commandName]), ...rest]);
      return 0;
    }
    if (commandName === undefined || commandName === '--help') {
      console.log(Object.values(group.commands).map((c) => `${c.usage}\n    ${c.summary}`).join('\n'));
      return commandName === undefined ? 2 : 0;
    }
    const command = group.commands[commandName];
    if (!command) throw new UsageError(`Unknown command "${groupName} ${commandName}". Run fieldnote --help.`);
    if (rest.includes('--help')) {
      console.log(`${command.usage}\n    ${command.summary}`);
      return 0;
    }
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`fieldnote: ${error.message}`);
      return 2;
    }
    if (error instanceof UserError || error instanceof FieldnoteError) {
      console.error(`fieldnote: ${error.message}`);
      return 1;
    }
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      console.error(`fieldnote: ${(error as Error).message}. Run fieldnote --help.`);
      return 2;
    }
    console.error(`fieldnote: unexpected ${(error as Error)?.name ?? 'error'}; nothing was changed.`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
