/** Record-layout constants imported by bench/imported-constants.bench.ts (they must live in another module). */
export const FIELD_A = 1;
export const FIELD_B = 2;
export const FIELD_C = 3;
export const STRIDE = 4;
