import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestParameters } from './form-parameters.ts';

const viaUrlSearchParams = (form: string): [string, string][] => {
  const m = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(form)) m.set(k, v);
  return [...m];
};
/** The body alone: what requestParameters makes of a form. */
const viaRequestParameters = (form: string): [string, string][] => [...requestParameters('/', form)];

describe('form parameters', () => {
  it('decodes every form exactly as URLSearchParams does, with or without the fast split', () => {
    const pieces = fc.constantFrom('a', 'B', '.', '1', '=', '&', '%', '%2F', '%zz', '+', '?', ' ', 'é', '-', '_', '');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }).map((p) => p.join('')), (form) => {
        expect(viaRequestParameters(form)).toEqual(viaUrlSearchParams(form));
      }),
      { numRuns: 5000 },
    );
    expect(viaRequestParameters('Action=DescribeSecurityGroups&&GroupId.1=sg-1&Flag&=x&GroupId.1=sg-2')).toEqual([
      ['Action', 'DescribeSecurityGroups'],
      ['GroupId.1', 'sg-2'],
      ['Flag', ''],
      ['', 'x'],
    ]);
  });

  it('takes the query string first and lets the body win on a repeated name', () => {
    expect([...requestParameters('/?Action=DescribeVpcs&Version=1', 'Action=DescribeSubnets')]).toEqual([
      ['Action', 'DescribeSubnets'],
      ['Version', '1'],
    ]);
  });
});
