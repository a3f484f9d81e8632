/**
 * Counts case labels across a property run, so a test can prove its generators reached every case it claims to
 * cover (a generator that silently stops producing, say, IPv6 prefix-list matches would otherwise pass forever).
 */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(label: string, n = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + n);
  }

  addAll(labels: Iterable<string>): void {
    for (const l of labels) this.add(l);
  }

  count(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  /** Labels from `required` that were never counted. */
  missing(required: readonly string[]): string[] {
    return required.filter((r) => this.count(r) === 0);
  }

  /** Labels starting with `prefix`, with counts, sorted: for reports. */
  report(prefix = ''): string {
    return [...this.counts]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
  }
}
