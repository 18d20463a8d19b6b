/**
 * SPSS stores a date as the number of seconds since midnight, 14 October 1582
 * (the first day of the Gregorian calendar). PSPP manual, "Time and Date
 * Formats". The calendar arithmetic below is proleptic Gregorian and avoids
 * `Date`, whose two-digit-year and time-zone quirks are not worth the risk.
 */

const SECONDS_PER_DAY = 86_400;

/** Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const EPOCH_DAYS = daysFromCivil(1582, 10, 14);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parses 'YYYY-MM-DD' to SPSS seconds, or returns null when it is not a real calendar date on or after 1582-10-15. */
export function isoDateToSpss(iso: string): number | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const seconds = (daysFromCivil(y, mo, d) - EPOCH_DAYS) * SECONDS_PER_DAY;
  return seconds > 0 ? seconds : null;
}
