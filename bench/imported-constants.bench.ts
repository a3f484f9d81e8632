/**
 * Why hot loops in src/engine bind record-layout constants to module-level consts instead of using imported ones:
 *
 *   node --import tsx bench/imported-constants.bench.ts
 *
 * The same typed-array scan, with its offsets as imported bindings, as literals, as consts of this module, as
 * module consts initialised from the imports, and as locals copied from the imports. V8 reads an imported binding
 * from its module cell, with a TDZ check, at every use. Prints the best of 30 interleaved runs of each.
 */
import * as layout from './support/layout-constants.ts';
import { FIELD_A, FIELD_B, FIELD_C, STRIDE } from './support/layout-constants.ts';
import { loadAverage } from './support/measure.ts';

const A = 1;
const B = 2;
const C = 3;
const S = 4;
const BOUND_A = layout.FIELD_A;
const BOUND_B = layout.FIELD_B;
const BOUND_C = layout.FIELD_C;
const BOUND_S = layout.STRIDE;

const words = new Int32Array(4096 * 4).map((_, i) => Math.imul(i, 0x9e3779b1));

function imported(x: number): number {
  let n = 0;
  for (let o = 0; o < words.length; o += STRIDE) if ((x & words[o + FIELD_A]) === words[o + FIELD_B] || (words[o + FIELD_C] & 1) === 0) n++;
  return n;
}

function literal(x: number): number {
  let n = 0;
  for (let o = 0; o < words.length; o += 4) if ((x & words[o + 1]) === words[o + 2] || (words[o + 3] & 1) === 0) n++;
  return n;
}

function thisModule(x: number): number {
  let n = 0;
  for (let o = 0; o < words.length; o += S) if ((x & words[o + A]) === words[o + B] || (words[o + C] & 1) === 0) n++;
  return n;
}

function boundFromImport(x: number): number {
  let n = 0;
  for (let o = 0; o < words.length; o += BOUND_S) if ((x & words[o + BOUND_A]) === words[o + BOUND_B] || (words[o + BOUND_C] & 1) === 0) n++;
  return n;
}

function copiedToLocals(x: number): number {
  const a = FIELD_A;
  const b = FIELD_B;
  const c = FIELD_C;
  const s = STRIDE;
  let n = 0;
  for (let o = 0; o < words.length; o += s) if ((x & words[o + a]) === words[o + b] || (words[o + c] & 1) === 0) n++;
  return n;
}

const variants = { imported, literal, thisModule, boundFromImport, copiedToLocals };
const best = new Map<string, number>();
let check = -1;
for (let run = 0; run < 30; run++) {
  for (const [name, scan] of Object.entries(variants)) {
    const t0 = process.hrtime.bigint();
    let total = 0;
    for (let x = 0; x < 2000; x++) total += scan(x);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (check === -1) check = total;
    else if (total !== check) throw new Error(`${name} computed ${total}, expected ${check}`);
    best.set(name, Math.min(best.get(name) ?? Infinity, ms));
  }
}
const base = best.get('literal')!;
process.stdout.write(`2000 scans of 4096 records, best of 30; load ${loadAverage().toFixed(2)}\n`);
for (const [name, ms] of best) process.stdout.write(`  ${name.padEnd(16)} ${ms.toFixed(1).padStart(6)} ms  ${(ms / base).toFixed(2)}x literal\n`);
