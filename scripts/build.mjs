#!/usr/bin/env node
// `npm run build`: a clean dist/ with the three bundles (rollup.config.js) and
// the type declarations (tsc, tsconfig.build.json). `--sourcemaps` adds source
// maps and declaration maps (left out by default: they are not published).
import { rmSync } from 'node:fs';
import { mustRun, say } from './lib/run.mjs';

const sourcemaps = process.argv.includes('--sourcemaps');

rmSync('dist', { recursive: true, force: true });
say(`rollup -c${sourcemaps ? ' (with source maps)' : ''}`);
await mustRun('npx', ['rollup', '-c', '--silent', ...(sourcemaps ? ['--configSourcemaps'] : [])]);
say('tsc -p tsconfig.build.json (type declarations)');
await mustRun('npx', ['tsc', '-p', 'tsconfig.build.json', '--declarationMap', String(sourcemaps)]);
