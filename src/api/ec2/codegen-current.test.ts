/** The generated files match what scripts/codegen produces from the committed model subset (no botocore needed). */
import { describe, expect, it } from 'vitest';
import { staleFiles } from '../../../scripts/codegen/generate.ts';

describe('src/api/ec2', () => {
  it('is current with scripts/codegen/service-2.subset.json (run `npm run codegen` if not)', () => {
    expect(staleFiles()).toEqual([]);
  });
});

describe('docs/errors.md', () => {
  it('is current with the error catalogue (run `npm run docs:errors` if not)', async () => {
    const { isErrorsDocCurrent } = await import('../../../scripts/codegen/errors-doc.ts');
    expect(isErrorsDocCurrent()).toBe(true);
  });
});
