/** How interview facts read in the UI. */
import type { InterviewSummary, ProjectSettings } from '../../../shared/api/contract';

export function sessionTypeText(type: InterviewSummary['sessionType'], participants?: number): string {
  switch (type) {
    case 'one-on-one':
      return 'One-on-one';
    case 'small-group':
      return participants ? `Small group (${participants})` : 'Small group';
    case 'focus-group':
      return participants ? `Focus group (${participants})` : 'Focus group';
  }
}

export function statusText(status: InterviewSummary['status']): string {
  switch (status) {
    case 'draft':
      return 'Draft';
    case 'cleaned':
      return 'Cleaned';
    case 'reviewed':
      return 'Reviewed';
  }
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The label of an attribute code from the project settings (codes are stored, labels shown). */
export function attributeLabel(options: ProjectSettings['agencyGroups'] | undefined, code: string): string {
  return options?.find((o) => o.code === code)?.label ?? code;
}

/** The local date and time now, as a datetime-local input wants it (YYYY-MM-DDTHH:MM). */
export function localDateTimeNow(now = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}T${two(now.getHours())}:${two(now.getMinutes())}`;
}
