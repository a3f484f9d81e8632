/**
 * What a `--store` value names, decided without loading any database driver (the CLI checks it while parsing
 * options, before it knows which command runs).
 */

/** True for the store locations the PostgreSQL dialect opens: `postgres://…` and `postgresql://…` URLs. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The message for a `--store` value this build cannot open, or undefined when it can. */
export function storeUrlProblem(url: string): string | undefined {
  return isPostgresUrl(url) ? undefined : `unsupported store ${JSON.stringify(url)}: expected postgres://user@host:port/database`;
}
