#!/usr/bin/env node
// `npm run build`: a clean dist/ with the three bundles (rollup.config.js) and
// the type declarations (tsc, tsconfig.build.json).
import { rmSync } from 'node:fs';
import { mustRun, say } from './lib/run.mjs';

rmSync('dist', { recursive: true, force: true });
say('rollup -c');
await mustRun('npx', ['rollup', '-c', '--silent']);
say('tsc -p tsconfig.build.json (type declarations)');
await mustRun('npx', ['tsc', '-p', 'tsconfig.build.json']);
