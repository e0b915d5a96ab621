// Bundle sizes, gzip -9: our own code alone (dependencies left out), the
// one-file IIFE, Shaka for scale, and what a page with only a
// <download-button> loads before any click (measured in Chromium: the scripts
// it fetched, on a first visit and on a return visit with stored media, after
// the page has gone idle).
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { PROJECT_ROOT } from '../server/media-server.mjs';

const gz = (data) => gzipSync(data, { level: 9 }).byteLength;

/** Our own code (dependencies left out), minified and gzipped as one, and per folder of src/. */
async function ownCode() {
  const build = await rollup({
    input: join(PROJECT_ROOT, 'src/index.ts'),
    external: [/^lit(\/|$)/, /^@lit\//, /^shaka-player(\/|$)/, /^localforage$/, /^idb$/],
    plugins: [nodeResolve({ browser: true }), esbuild({ target: 'es2022', tsconfig: join(PROJECT_ROOT, 'tsconfig.json') }), minify({ target: 'es2022', legalComments: 'none' })],
  });
  const [{ output: whole }, { output: modules }] = await Promise.all([
    build.generate({ format: 'es', inlineDynamicImports: true }),
    build.generate({ format: 'es', preserveModules: true, preserveModulesRoot: 'src' }),
  ]);
  await build.close();
  // Per folder (src/service/download, src/elements/download-button...): each module gzipped alone, summed.
  const folders = new Map();
  for (const chunk of modules) {
    if (chunk.type !== 'chunk' || !chunk.facadeModuleId?.includes('/src/')) continue;
    const folder = dirname(chunk.fileName) === '.' ? chunk.fileName : dirname(chunk.fileName);
    folders.set(folder, (folders.get(folder) ?? 0) + gz(chunk.code));
  }
  const perModule = [...folders.entries()].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  return { own: gz(whole.map((chunk) => chunk.code ?? '').join('\n')), perModule };
}

/** What `npm pack` would publish (size of the tarball, file count). */
function tarball() {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.status !== 0) return null;
  const [info] = JSON.parse(result.stdout);
  return { tarball: info.size, tarballFiles: info.entryCount };
}

async function scriptsLoaded(browser, url) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('download-button')?.getAttribute('state') === 'none', { timeout: 15000 });
  // Let the page go idle (the manager's start-up cleanup runs when idle).
  await new Promise((r) => setTimeout(r, 2500));
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
  await page.close();
  const files = urls.filter((u) => u.endsWith('.js')).map((u) => new URL(u).pathname);
  return { files, bytes: files.reduce((sum, path) => sum + gz(readFileSync(join(PROJECT_ROOT, path))), 0) };
}

export async function bundleSizes(browser, base) {
  // A first visit: an origin (localhost, not 127.0.0.1) that never stored anything.
  const first = await scriptsLoaded(browser, `${base.replace('127.0.0.1', 'localhost')}bench/button-only.html`);
  // A return visit: this origin holds downloads from the runs above.
  const returning = await scriptsLoaded(browser, `${base}bench/button-only.html`);
  const chunks = readdirSync(join(PROJECT_ROOT, 'dist/bundle')).filter((f) => f.endsWith('.js') && !f.includes('shaka-player'));
  return {
    ...(await ownCode()),
    ...tarball(),
    iife: gz(readFileSync(join(PROJECT_ROOT, 'dist/offline-player.iife.js'))),
    shaka: gz(readFileSync(join(PROJECT_ROOT, 'node_modules/shaka-player/dist/shaka-player.compiled-es2021.js'))),
    bundleWithoutShaka: chunks.reduce((sum, f) => sum + gz(readFileSync(join(PROJECT_ROOT, 'dist/bundle', f))), 0),
    buttonOnly: first.bytes,
    buttonFiles: first.files,
    buttonOnlyReturning: returning.bytes,
    buttonFilesReturning: returning.files,
  };
}
