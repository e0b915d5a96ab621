#!/usr/bin/env node
// Generates custom-elements.json from the element sources (JSDoc tags, Lit
// properties). `--check` regenerates into .cache/ and fails when the committed
// file differs, so the manifest can never silently go stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { mustRun } from './lib/run.mjs';

const check = process.argv.includes('--check');
const outdir = check ? '.cache/cem' : '.';
mkdirSync(outdir, { recursive: true });
await mustRun('npx', ['cem', 'analyze', '--config', 'scripts/lib/cem.config.mjs', '--litelement', '--globs', 'src/elements/**/*.component.ts', '--outdir', outdir], { quiet: true });
// Stable, readable output.
const file = `${outdir}/custom-elements.json`;
const manifest = JSON.parse(readFileSync(file, 'utf8'));
// The analyzer's module order depends on the file system: sort it.
manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
if (check) {
  const committed = readFileSync('custom-elements.json', 'utf8');
  if (committed !== readFileSync(file, 'utf8')) {
    console.error('custom-elements.json is out of date: run `npm run analyze` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is up to date.');
}
