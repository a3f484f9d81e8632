/**
 * The summary table: each measured figure beside its target (the numbers) and its floor (performance.md §4),
 * marked "met" (target reached), "floor only" (floor reached, target not) or "missed" (below the floor).
 */
import { formatMicros, formatMillis, formatRate } from '../support/measure.ts';
import { textTable } from '../support/text-table.ts';

export type GoalStatus = 'met' | 'floor only' | 'missed' | 'not run';

export interface GoalRow {
  readonly goal: string;
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  readonly floor: string;
  readonly status: GoalStatus;
}

/** A goal on one number; `higherIsBetter` false for latencies, sizes and times. */
export interface NumericGoal {
  readonly goal: string;
  readonly figure: string;
  readonly target: number;
  readonly floor: number;
  readonly higherIsBetter: boolean;
  readonly unit: 'rate' | 'ms' | 'us' | 'bytes' | 'ratio';
  /** Extra floor conditions (e.g. "≥ 2x naive"), each with its own measured value. */
  readonly alsoFloor?: readonly { readonly label: string; readonly measured: number; readonly atLeast: number }[];
}

function format(value: number, unit: NumericGoal['unit']): string {
  switch (unit) {
    case 'rate':
      return formatRate(value);
    case 'ms':
      return formatMillis(value);
    case 'us':
      return formatMicros(value);
    case 'bytes':
      return `${value.toFixed(0)} B`;
    case 'ratio':
      return `${value.toFixed(2)}x`;
  }
}

export function judge(g: NumericGoal, measured: number | undefined): GoalRow {
  const cmp = g.higherIsBetter ? '≥' : '≤';
  const extra = g.alsoFloor ?? [];
  const floorText = [`${cmp} ${format(g.floor, g.unit)}`, ...extra.map((e) => `≥ ${e.atLeast}x ${e.label}`)].join(' and ');
  const base = { goal: g.goal, figure: g.figure, target: `${cmp} ${format(g.target, g.unit)}`, floor: floorText };
  if (measured === undefined || Number.isNaN(measured)) return { ...base, measured: '-', status: 'not run' };
  const reaches = (limit: number) => (g.higherIsBetter ? measured >= limit : measured <= limit);
  const extraOk = extra.every((e) => e.measured >= e.atLeast);
  const status: GoalStatus = !reaches(g.floor) || !extraOk ? 'missed' : reaches(g.target) ? 'met' : 'floor only';
  const extraText = extra.map((e) => ` (${e.measured.toFixed(1)}x ${e.label})`).join('');
  return { ...base, measured: `${format(measured, g.unit)}${extraText}`, status };
}

export function goalTable(rows: readonly GoalRow[]): string {
  return textTable(
    ['goal', 'figure', 'measured (best)', 'target', 'floor', 'status'],
    rows.map((r) => [r.goal, r.figure, r.measured, r.target, r.floor, r.status]),
    2,
  );
}
