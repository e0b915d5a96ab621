#!/usr/bin/env node
// `npm run build`: a clean dist/ with the three bundles and the offline shell
// worker (rollup.config.js, then workbox-build), and the type declarations
// (tsc, tsconfig.build.json).
//   --sourcemaps  adds source maps and declaration maps (left out by default:
//                 they are not published)
//   --out <dir>   builds into another folder, without type declarations (with
//                 OFFLINE_PLAYER_VERSION set, a test makes a "next release")
import { rmSync } from 'node:fs';
import { injectManifest } from 'workbox-build';
import { mustRun, say } from './lib/run.mjs';

const sourcemaps = process.argv.includes('--sourcemaps');
const at = process.argv.indexOf('--out');
const out = at > 0 ? process.argv[at + 1] : 'dist';

rmSync(out, { recursive: true, force: true });
say(`rollup -c (into ${out}/${sourcemaps ? ', with source maps' : ''})`);
await mustRun('npx', ['rollup', '-c', '--silent', ...(sourcemaps ? ['--configSourcemaps'] : [])], { env: { OFFLINE_PLAYER_OUT: out } });
say('workbox injectManifest (the offline shell precaches the bundle and the IIFE)');
const { count, size, warnings } = await injectManifest({
  swSrc: `${out}/.sw-source.js`,
  swDest: `${out}/offline-player-sw.js`,
  globDirectory: out,
  globPatterns: ['bundle/*.js', 'offline-player.iife.js'],
  // rollup names chunks `<name>-<8-char hash>.js`: their URL is their revision.
  dontCacheBustURLsMatching: /-[A-Za-z0-9_-]{8}\.js$/,
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
});
rmSync(`${out}/.sw-source.js`);
if (warnings.length > 0) throw new Error(`injectManifest: ${warnings.join('; ')}`);
console.log(`  ${count} files, ${(size / 1024).toFixed(0)} KB precached`);
if (out === 'dist') {
  say('tsc -p tsconfig.build.json (type declarations)');
  await mustRun('npx', ['tsc', '-p', 'tsconfig.build.json', '--declarationMap', String(sourcemaps)]);
}
