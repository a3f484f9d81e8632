/**
 * SIGTERM/SIGINT for the long-running commands (`serve`, `agent`): the first signal runs `stop` once and exits 0
 * when it finishes, 1 (with the error logged) when it fails; later signals are ignored while it runs.
 */
export function shutdownOnSignal(what: string, stop: () => Promise<unknown>, log: (line: string) => void): void {
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    log(`${signal}: ${what}`);
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        log(`shutdown failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
