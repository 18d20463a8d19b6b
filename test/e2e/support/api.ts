import type { Page } from '@playwright/test';
import { FieldnoteApp } from './pages';

/**
 * Calls the API from the page, as the app does in browser mode (its session cookie, same origin):
 * for a test's set-up (a long note, a generated schedule) and for what the services stored.
 */
export async function api(page: Page, method: string, input: unknown = {}): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const result = await page.evaluate(
    async ([m, i]) => (await fetch(`/api/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(i), credentials: 'same-origin' })).json(),
    [method, input] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** A consenting police officer, the one participant of the interviews the set-up starts. */
export const PARTICIPANT = { organisationNumber: '1', locationNumber: '1', agencyGroup: 'police', organisationType: 'government', focusOfWork: '', consentGiven: true, consentMode: 'verbal', quoteConsent: true };

/**
 * A new project at 1366×768 (the app's start page, then `createProject`) with one one-on-one
 * interview started on `scheduleId` (or the example schedule): its id and respondent number.
 */
export async function projectWithInterview(page: Page, url: string, title: string, passphrase: string, scheduleId?: (page: Page) => Promise<string>): Promise<{ app: FieldnoteApp; interviewId: string; respondent: string }> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(url);
  const app = new FieldnoteApp(page);
  await app.ready();
  await app.createProject(title, passphrase);
  const schedule = scheduleId ? await scheduleId(page) : ((await api(page, 'schedule.importExample')).imported as { id: string }).id;
  const started = await api(page, 'interview.start', { scheduleId: schedule, sessionType: 'one-on-one', answerMode: 'shared', language: 'en', interviewer: 'AB', heldAt: '2026-11-24T09:00', participants: [PARTICIPANT] });
  return { app, interviewId: started.summary.id as string, respondent: started.participants[0].respondentCode as string };
}
