/**
 * What a CLI command is, apart from the commands themselves: `registry.ts` imports the
 * commands and the commands import only these types, so nothing imports in a circle.
 */

/**
 * Where a command reads and writes. `main` runs with the process's own (bin/fieldnote.mjs) or
 * with captured ones (the tests call `main(argv, io)` in-process, nothing spawned).
 */
export interface CliIo {
  /** One line (or several) to stdout: what the command produced. */
  out(text: string): void;
  /** One line (or several) to stderr: progress, warnings, errors. */
  err(text: string): void;
  /** Where passphrases (FIELDNOTE_PASSPHRASE, ...) and FIELDNOTE_CONFIG_DIR come from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Asks for a passphrase without echo; null when there is no terminal to ask on. */
  prompt: ((question: string) => Promise<string>) | null;
}

export interface Command {
  usage: string;
  summary: string;
  run(this: Command, args: string[], io: CliIo): Promise<void>;
}

export interface CommandGroup {
  name: string;
  summary: string;
  commands: Record<string, Command>;
  /** A group that is itself the command (`fieldnote search PROJECT QUERY`): its arguments follow the group name. */
  command?: Command;
}
