/**
 * Reads `rampart check`'s table back into rows, joining the lines of wrapped cells, so tests assert on what each
 * stage says rather than on where the table wrapped it.
 */
export interface StageRow {
  readonly n: string;
  readonly stage: string;
  readonly at: string;
  readonly result: string;
  readonly why: string;
}

export function stageRows(stdout: string): StageRow[] {
  const rows: string[][] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('│')) continue;
    const cells = line.split('│').slice(1, -1).map((c) => c.trim());
    if (cells[0] !== '') rows.push(cells);
    else cells.forEach((c, i) => c && (rows.at(-1)![i] = `${rows.at(-1)![i]} ${c}`));
  }
  return rows.filter((r) => r[0] !== '#').map(([n, stage, at, result, why]) => ({ n, stage, at, result, why }));
}
