/** The CLI's commands, grouped (`fieldnote GROUP COMMAND ...`). Later features add groups here. */
import { projectCommands } from './commands/project';
import { scheduleCommands } from './commands/schedule';
import { devCommands } from './commands/dev';
import { exportCommands, statsCommands } from './commands/export';
import { codesCommands, searchCommand } from './commands/coding';
import { backupCommand, importCommands, mergeCommand } from './commands/team';
import { agreementCommand } from './commands/agreement';
import { evidenceCommand } from './commands/evidence';

export interface Command {
  usage: string;
  summary: string;
  run(this: Command, args: string[]): Promise<void>;
}

export interface CommandGroup {
  name: string;
  summary: string;
  commands: Record<string, Command>;
  /** A group that is itself the command (`fieldnote search PROJECT QUERY`): its arguments follow the group name. */
  command?: Command;
}

export const commandGroups: CommandGroup[] = [projectCommands, scheduleCommands, exportCommands, importCommands, mergeCommand, backupCommand, statsCommands, evidenceCommand, searchCommand, codesCommands, agreementCommand, devCommands];
