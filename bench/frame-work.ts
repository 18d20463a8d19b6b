/**
 * The page's own work behind a key, read from a Chromium trace: for each keydown, the time the
 * renderer's main thread was busy from the key's dispatch until the end of the frame that shows
 * its result (the first main-thread Commit after the dispatch). Waiting for the display's next
 * frame is left out: at 60 Hz it adds 0–16.7 ms to any page, and a key-to-painted-frame figure
 * counts it (a page that only changes a word measures p95 ~17 ms that way on this machine).
 */

/** The trace categories workPerKey reads. */
export const FRAME_WORK_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { type?: string } };
}

const overlap = (start: number, end: number, from: number, to: number) => Math.max(0, Math.min(end, to) - Math.max(start, from));

/** A key followed by no frame this soon changed nothing on screen: it is counted apart, not measured. */
const NO_FRAME_AFTER_MS = 100;

/**
 * Milliseconds of main-thread work per keydown, in the order the keys were pressed, and how many
 * keys were followed by no frame (nothing on screen changed).
 */
export function workPerKey(trace: Buffer | string): { work: number[]; noFrame: number } {
  const parsed = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = (Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? [])).filter((e) => e.ph === 'X' && e.dur !== undefined);
  const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  if (keydowns.length === 0) return { work: [], noFrame: 0 };
  // The renderer's main thread is the one that dispatched the keys.
  const counts = new Map<string, number>();
  for (const e of keydowns) counts.set(`${e.pid}:${e.tid}`, (counts.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const thread = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === thread).sort((a, b) => a.ts - b.ts);
  const tasks = mine.filter((e) => e.name === 'RunTask');
  const commits = mine.filter((e) => e.name === 'Commit');
  const out: number[] = [];
  let noFrame = 0;
  for (const key of mine.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')) {
    const dispatched = key.ts + key.dur!;
    const commit = commits.find((c) => c.ts >= dispatched);
    if (commit === undefined || commit.ts - dispatched > NO_FRAME_AFTER_MS * 1000) {
      noFrame += 1;
      continue;
    }
    const end = commit.ts + commit.dur!;
    let busy = 0;
    for (const task of tasks) {
      if (task.ts > end) break;
      busy += overlap(task.ts, task.ts + task.dur!, key.ts, end);
    }
    out.push(busy / 1000);
  }
  return { work: out, noFrame };
}
