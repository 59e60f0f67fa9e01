import { type FieldError, fieldError } from './field-errors';

/**
 * A step's minimum notice: its reminders are skipped when the record was written (created, or its anchor
 * moved) less than this before the anchor — a booking made 30 minutes ahead gets no "24 hours before"
 * reminder. Only steps before the anchor have one. Elapsed time, so no calendar units beyond weeks.
 */
export const NOTICE_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type NoticeUnit = (typeof NOTICE_UNITS)[number];

export interface MinimumNotice {
  amount: number;
  unit: NoticeUnit;
}

const UNIT_MINUTES: Record<NoticeUnit, number> = { minutes: 1, hours: 60, days: 1440, weeks: 10_080 };
const MAX_AMOUNT = 100_000;

export const noticeMinutes = (notice: MinimumNotice) => notice.amount * UNIT_MINUTES[notice.unit];

/** Checks `step.minimumNotice` (absent or null: none) at `path`, e.g. steps[1].minimumNotice. */
export function checkMinimumNotice(step: Record<string, unknown>, path: string, errors: FieldError[]) {
  const notice = step.minimumNotice;
  if (notice === undefined || notice === null) return;
  if (typeof notice !== 'object' || Array.isArray(notice)) {
    errors.push(fieldError(path, `${path} must be an object like {"amount": 12, "unit": "hours"}`));
    return;
  }
  const { amount, unit } = notice as Record<string, unknown>;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > MAX_AMOUNT)
    errors.push(fieldError(`${path}.amount`, `${path}.amount must be a whole number from 1 to ${MAX_AMOUNT}`));
  if (!NOTICE_UNITS.includes(unit as NoticeUnit))
    errors.push(fieldError(`${path}.unit`, `${path}.unit must be one of: ${NOTICE_UNITS.join(', ')}`));
  if (step.direction !== 'before')
    errors.push(fieldError(path, `${path} applies only to steps before the anchor: a step after it is never too soon`));
}

/**
 * Whether a record written at `writtenAt` gave less notice than the step asks before the anchor (at
 * `anchorAt`). Without a known write time, nothing is skipped.
 */
export const lacksNotice = (
  notice: MinimumNotice | null | undefined,
  anchorAt: Date,
  writtenAt: Date | undefined
): boolean => !!notice && !!writtenAt && anchorAt.getTime() - writtenAt.getTime() < noticeMinutes(notice) * 60_000;
