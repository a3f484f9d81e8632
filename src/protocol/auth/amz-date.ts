/**
 * The `X-Amz-Date` of a signed request (ISO 8601 basic format, `20261124T031500Z`), strictly: a date that does not read
 * back the same (month 13, second 61) is refused with EC2's IncompleteSignature.
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';

const AMZ_DATE = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/;

/** The last date parsed: every request signed within the same second carries the same text. */
let lastAmzDate: { readonly text: string; readonly date: Date } | undefined;

export function parseAmzDate(text: string): Date {
  if (lastAmzDate?.text === text) return lastAmzDate.date;
  const date = parseAmzDateText(text);
  lastAmzDate = { text, date };
  return date;
}

export function parseAmzDateOrUndefined(text: string): Date | undefined {
  try {
    return parseAmzDate(text);
  } catch {
    return undefined;
  }
}

function parseAmzDateText(text: string): Date {
  const m = AMZ_DATE.exec(text);
  if (!m) throw ec2Error('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${text}'.`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  // Date.UTC rolls over out-of-range fields (month 13, second 61); a date that does not read back the same is not one.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19).replace(/[-:]/g, '') !== text.slice(0, 15)) {
    throw ec2Error('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${text}'.`);
  }
  return date;
}

