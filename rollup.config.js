// Three builds of src/index.ts:
//  1. dist/*.js            ESM modules for npm users and their bundlers
//                          (lit, shaka-player and localforage stay imports);
//  2. dist/bundle/         one self-contained ESM file for <script type=module>,
//                          with Shaka in its own chunk, loaded on first use;
//  3. dist/offline-player.iife.js
//                          one minified classic script for CMS embeds;
//  4. the offline shell service worker (Workbox, and the storing of
//     background downloads): the build script then
//     injects the list of the library's files into it (workbox-build) and
//     writes dist/offline-player-sw.js.
// No source maps by default, so dist/ is exactly what npm ships:
// `npm run build -- --sourcemaps` (rollup -c --configSourcemaps) adds them.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import esbuild, { minify as esbuildMinify } from 'rollup-plugin-esbuild';
import terser from '@rollup/plugin-terser';
import { shakaEsm } from './scripts/lib/shaka-esm-plugin.mjs';

import { readFileSync } from 'node:fs';

// `node scripts/build.mjs --out <dir>` builds elsewhere (a test builds a "next
// release" that way); OFFLINE_PLAYER_VERSION overrides package.json's version.
const OUT = process.env.OFFLINE_PLAYER_OUT || 'dist';
const VERSION = process.env.OFFLINE_PLAYER_VERSION || JSON.parse(readFileSync('package.json', 'utf8')).version;
const sourcemap = process.argv.includes('--configSourcemaps');

// React is the app's (an optional peer): never bundled.
const external = [/^lit(\/|$)/, /^@lit\//, /^shaka-player(\/|$)/, /^localforage$/, /^react(-dom)?(\/|$)/];

// `build` tells registerOfflineShell where the library's files are (src/sw/register.ts).
// The self-contained builds take localforage's build without its Promise
// polyfill (every browser with MSE has Promise): 1.1 KB gzip less on every page.
const localforageWithoutPolyfill = {
  name: 'localforage-without-polyfill',
  resolveId(source, importer) {
    if (source !== 'localforage') return null;
    return this.resolve('localforage/dist/localforage.nopromises.js', importer, { skipSelf: true });
  },
};

/**
 * The ESM bundle's own chunks are minified by terser (two compress passes:
 * about 1 KB gzip less than esbuild's minifier on what a page with only a
 * button loads); Shaka's chunk, minified already by Closure, keeps esbuild's
 * (terser would take 13 s on it for 1 %).
 */
const terserOwnChunks = () => {
  const plugin = terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } });
  return {
    ...plugin,
    name: 'terser-own-chunks',
    renderChunk(code, chunk, options) {
      return chunk.fileName.includes('shaka-player') ? null : plugin.renderChunk.call(this, code, chunk, options);
    },
  };
};

const plugins = ({ minify, build }) => [
  build !== 'esm' && localforageWithoutPolyfill,
  replace({ preventAssignment: true, values: { __OFFLINE_PLAYER_BUILD__: JSON.stringify(build), __OFFLINE_PLAYER_VERSION__: JSON.stringify(VERSION) } }),
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  // Both are UMD: localforage goes through commonjs, Shaka through shakaEsm.
  shakaEsm(),
  commonjs({ include: /node_modules\/localforage\//, strictRequires: false }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
  minify && esbuildMinify({ target: 'es2022', legalComments: 'none' }),
  minify && build === 'bundle' && terserOwnChunks(),
];

/**
 * The worker settles background downloads with the asset lifecycle, whose
 * page-only parts load through service/lazy.ts: in the worker, that module is
 * src/sw/background/worker-lazy.ts (Shaka, planning and EME stay out of it).
 */
const workerLazy = () => ({
  name: 'worker-lazy',
  async resolveId(source, importer) {
    if (!importer || !/\/lazy\.js$/.test(source)) return null;
    const resolved = await this.resolve(source, importer, { skipSelf: true });
    if (!resolved || !/[\\/]src[\\/]service[\\/]lazy\.ts$/.test(resolved.id)) return resolved;
    return this.resolve('./src/sw/background/worker-lazy.ts', undefined, { skipSelf: true });
  },
});

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return; // in Shaka's compiled file, harmless
  warn(warning);
};

export default [
  {
    // offline-player/react (src/react/) is in this build only: the bundles and the IIFE have no React.
    input: ['src/index.ts', 'src/react/index.ts'],
    external,
    onwarn,
    plugins: plugins({ minify: false, build: 'esm' }),
    output: { dir: OUT, format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap },
  },
  {
    // One entry per way of using it: everything, or one element (a page with
    // only buttons loads the button, the manager core, lit and localforage).
    input: {
      'offline-player': 'src/index.ts',
      'download-button': 'src/elements/download-button/download-button.ts',
      'offline-downloads': 'src/elements/offline-downloads/offline-downloads.ts',
      'offline-player-element': 'src/elements/offline-player/offline-player.ts',
    },
    onwarn,
    plugins: plugins({ minify: true, build: 'bundle' }),
    output: {
      dir: `${OUT}/bundle`,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      sourcemap,
    },
  },
  {
    input: 'src/index.ts',
    onwarn,
    plugins: plugins({ minify: true, build: 'iife' }),
    output: {
      file: `${OUT}/offline-player.iife.js`,
      format: 'iife',
      name: 'OfflinePlayer',
      inlineDynamicImports: true,
      sourcemap,
    },
  },
  {
    input: 'src/sw/offline-shell.sw.ts',
    onwarn,
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production'), __OFFLINE_PLAYER_VERSION__: JSON.stringify(VERSION) } }),
      workerLazy(),
      localforageWithoutPolyfill,
      nodeResolve({ browser: true }),
      commonjs({ include: /node_modules\/localforage\//, strictRequires: false }),
      esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
      esbuildMinify({ target: 'es2022', legalComments: 'none' }),
    ],
    output: { file: `${OUT}/.sw-source.js`, format: 'iife', inlineDynamicImports: true },
  },
];
