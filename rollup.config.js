// Three builds of src/index.ts:
//  1. dist/*.js            ESM modules for npm users and their bundlers
//                          (lit, shaka-player and localforage stay imports);
//  2. dist/bundle/         one self-contained ESM file for <script type=module>,
//                          with Shaka in its own chunk, loaded on first use;
//  3. dist/offline-player.iife.js
//                          one minified classic script for CMS embeds.
// No source maps by default, so dist/ is exactly what npm ships:
// `npm run build -- --sourcemaps` (rollup -c --configSourcemaps) adds them.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import esbuild, { minify as esbuildMinify } from 'rollup-plugin-esbuild';
import { shakaEsm } from './scripts/lib/shaka-esm-plugin.mjs';

const sourcemap = process.argv.includes('--configSourcemaps');

const external = [/^lit(\/|$)/, /^@lit\//, /^shaka-player(\/|$)/, /^localforage$/];

const plugins = ({ minify }) => [
  nodeResolve({ browser: true, exportConditions: ['production'] }),
  // Both are UMD: localforage goes through commonjs, Shaka through shakaEsm.
  shakaEsm(),
  commonjs({ include: /node_modules\/localforage\//, strictRequires: false }),
  esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
  minify && esbuildMinify({ target: 'es2022', legalComments: 'none' }),
];

const onwarn = (warning, warn) => {
  if (warning.code === 'THIS_IS_UNDEFINED') return; // in Shaka's compiled file, harmless
  warn(warning);
};

export default [
  {
    input: 'src/index.ts',
    external,
    onwarn,
    plugins: plugins({ minify: false }),
    output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap },
  },
  {
    // One entry per way of using it: everything, or one element (a page with
    // only buttons loads the button, the manager core, lit and localforage).
    input: {
      'offline-player': 'src/index.ts',
      'download-button': 'src/elements/download-button/download-button.ts',
      'offline-player-element': 'src/elements/offline-player/offline-player.ts',
    },
    onwarn,
    plugins: plugins({ minify: true }),
    output: {
      dir: 'dist/bundle',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      sourcemap,
    },
  },
  {
    input: 'src/index.ts',
    onwarn,
    plugins: plugins({ minify: true }),
    output: {
      file: 'dist/offline-player.iife.js',
      format: 'iife',
      name: 'OfflinePlayer',
      inlineDynamicImports: true,
      sourcemap,
    },
  },
];
