/** API handlers for interview schedules: import and export XLSForm, edit, ODK XForm. */
import fs from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handlers } from '../../shared/api/dispatch';
import { hasErrors, lintSchedule, ScheduleError, scheduleToXForm, type Finding } from '../../shared/schedule';
import { loadScheduleBytes, writeScheduleWorkbook } from '../schedule/xlsx';
import type { ServiceContext } from './context';

/**
 * The example workbook: in the packaged app a resource (forge.config.ts extraResource); in the
 * CommonJS bundle (.vite/build, no import.meta.url) and under tsx, resources/ in the sources.
 * Found when asked, never at load: a bundle must start even where the file is missing.
 */
export function exampleSchedulePath(): string {
  const resources = process.env.FIELDNOTE_RESOURCES_DIR ?? (process as { resourcesPath?: string }).resourcesPath;
  const here = typeof __dirname === 'string' ? __dirname : nodePath.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    ...(resources !== undefined ? [nodePath.join(resources, 'example-evaluation.xlsx')] : []),
    nodePath.join(here, '../../resources/schedules/example-evaluation.xlsx'),
  ];
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[candidates.length - 1]!;
}

type ScheduleMethods = Pick<
  Handlers,
  'schedule.list' | 'schedule.get' | 'schedule.import' | 'schedule.importExample' | 'schedule.save' | 'schedule.remove' | 'schedule.exportXlsx' | 'schedule.exportXform'
>;

function safeFileName(title: string, extension: string): string {
  // Characters no file system accepts in a name, and control characters.
  const base = [...title.trim()].map((c) => (/[\\/:*?"<>|]/.test(c) || c.charCodeAt(0) < 32 ? '-' : c)).join('').slice(0, 80) || 'schedule';
  return `${base}${extension}`;
}

export function scheduleHandlers(ctx: ServiceContext): ScheduleMethods {
  /** Reads a workbook; errors stop the import, warnings travel with the schedule. */
  const importBytes = async (bytes: Uint8Array, fileName: string) => {
    let loaded;
    try {
      loaded = await loadScheduleBytes(bytes, fileName);
    } catch (error) {
      if (error instanceof ScheduleError) return { imported: null, findings: [error.finding] };
      throw error;
    }
    if (hasErrors(loaded.findings)) return { imported: null, findings: loaded.findings };
    return { imported: ctx.schedules().add(loaded.schedule), findings: loaded.findings };
  };

  return {
    'schedule.list': () => ({ schedules: ctx.schedules().list() }),
    'schedule.get': ({ id }) => {
      const { summary, schedule } = ctx.schedules().get(id);
      return { summary, schedule, findings: lintSchedule(schedule) as Finding[] };
    },
    'schedule.import': ({ fileName, dataBase64 }) => importBytes(Buffer.from(dataBase64, 'base64'), fileName),
    'schedule.importExample': () => importBytes(fs.readFileSync(exampleSchedulePath()), 'example-evaluation.xlsx'),
    'schedule.save': ({ id, schedule }) => ({ summary: ctx.schedules().save(id, schedule), findings: lintSchedule(schedule) }),
    'schedule.remove': ({ id }) => {
      ctx.schedules().remove(id);
      return {};
    },
    'schedule.exportXlsx': async ({ id }) => {
      const { schedule, summary } = ctx.schedules().get(id);
      const bytes = await writeScheduleWorkbook(schedule);
      return { fileName: safeFileName(`${summary.title} v${summary.version}`, '.xlsx'), dataBase64: Buffer.from(bytes).toString('base64') };
    },
    'schedule.exportXform': ({ id }) => {
      const { schedule, summary } = ctx.schedules().get(id);
      return { fileName: safeFileName(`${summary.title} v${summary.version}`, '.xml'), xml: scheduleToXForm(schedule) };
    },
  };
}
