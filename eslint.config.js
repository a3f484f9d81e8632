// Lint: typescript-eslint's recommended rules, plus the layering rule that keeps src/core free of our other folders.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.rampart/**', 'bench/.data/**', 'src/api/ec2/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../engine/**', '../../engine/**', '../*/../engine/**', '**/engine/**', '**/store/**', '**/service/**', '**/protocol/**', '**/server/**', '**/cli/**', '**/audit/**', '**/enforce/**', 'node:*'], message: 'src/core imports nothing of ours and no Node I/O (docs/ARCHITECTURE.md).' }] }],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/store/**', '**/service/**', '**/protocol/**', '**/server/**', '**/cli/**', '**/audit/**', '**/enforce/**', 'node:fs', 'node:net', 'node:child_process', 'node:http'], message: 'src/engine imports core only (docs/ARCHITECTURE.md).' }] }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/engine/**', '**/service/**', '**/protocol/**', '**/server/**', '**/cli/**', '**/audit/**', '**/enforce/**'], message: 'src/store imports core only (docs/ARCHITECTURE.md).' }] }] },
  },
  {
    files: ['src/service/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/protocol/**', '**/server/**', '**/cli/**', '**/audit/**', '**/enforce/**', '**/store/kysely/**', '**/store/dialects/**'], message: 'src/service sees the Store interface, never a dialect, and knows nothing of the wire (docs/ARCHITECTURE.md).' }] }] },
  },
  {
    files: ['src/audit/**/*.ts', 'src/enforce/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/store/**', '**/service/**', '**/protocol/**', '**/server/**', '**/cli/**'], message: 'audit and enforce are clients of core and engine only (docs/ARCHITECTURE.md).' }] }] },
  },
);
