#!/usr/bin/env node
// The `rampart` command. Runs the TypeScript sources through tsx's loader, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const root = dirname(dirname(fileURLToPath(import.meta.url)));
await import(join(root, 'src', 'cli', 'main.ts'));
