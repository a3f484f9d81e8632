/**
 * A progress bar on standard error while a long audit runs, and nothing at all when stderr is not a terminal
 * (CI logs, pipes): cli-progress would otherwise print escape codes into them.
 */
import cliProgress from 'cli-progress';

export class AuditProgress {
  private bar: cliProgress.SingleBar | undefined;
  private label = '';

  constructor(private readonly enabled: boolean) {}

  step(label: string, value: number, total: number): void {
    if (!this.enabled || total <= 0) return;
    if (!this.bar || label.split(':')[0] !== this.label.split(':')[0]) {
      this.bar?.stop();
      this.bar = new cliProgress.SingleBar({ format: '{label} [{bar}] {percentage}%', stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
      this.bar.start(total, 0, { label });
    }
    this.label = label;
    this.bar.setTotal(total);
    this.bar.update(value, { label });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
