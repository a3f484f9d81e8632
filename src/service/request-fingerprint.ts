/**
 * A stable digest of a request's parameters, without `ClientToken` and `DryRun`, so a retry with the same ClientToken
 * can be told apart from a different request reusing the token (IdempotentParameterMismatch; see client-token.ts).
 * Keys are sorted so the digest does not depend on the order the client sent the parameters in.
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === 'ClientToken' || key === 'DryRun') continue;
      out[key] = canonical((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

export function requestFingerprint(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(input))).digest('base64url');
}
