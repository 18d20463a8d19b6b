/** The CLI's commands, grouped (`fieldnote GROUP COMMAND ...`). Later features add groups here; their types are in command.ts. */
import type { CommandGroup } from './command';
import { projectCommands } from './commands/project';
import { scheduleCommands } from './commands/schedule';
import { devCommands } from './commands/dev';
import { exportCommands } from './commands/export';
import { statsCommands } from './commands/stats';
import { codesCommands, searchCommand } from './commands/coding';
import { backupCommand, importCommands, mergeCommand } from './commands/team';
import { agreementCommand } from './commands/agreement';
import { evidenceCommand } from './commands/evidence';

export const commandGroups: CommandGroup[] = [projectCommands, scheduleCommands, exportCommands, importCommands, mergeCommand, backupCommand, statsCommands, evidenceCommand, searchCommand, codesCommands, agreementCommand, devCommands];
