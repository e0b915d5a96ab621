// README.md's code blocks for test/docs/readme.test.ts. The fenced blocks are
// read from the README as it is on disk at each request; a JavaScript,
// TypeScript or JSX block is served as a module (esbuild: types and JSX
// removed, nothing else changed), a Svelte block as the module Svelte's
// compiler makes of it, with only the substitutions below, so a
// snippet runs in the test page exactly as written. A block preceded by
// `<!-- not-run: reason -->` is listed with its reason and not served.
//   GET /__readme/blocks.json        [{ line, lang, notRun, code }]
//   GET /__readme/line-<N>.js        the block whose fence is on line N, as a module
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { compile } from 'svelte/compiler';

const PREFIX = '/__readme/';
const RUNNABLE = new Set(['js', 'ts', 'jsx', 'tsx', 'svelte']);

/** Import specifiers: the package's names -> the modules the test server serves. */
export const SPECIFIERS = {
  'offline-player': '/src/index.ts',
  'offline-player/react': '/src/react/index.ts',
  // Vue's full build (the template compiler runs in the page, as with a CDN script).
  vue: '/node_modules/vue/dist/vue.esm-browser.prod.js',
};

/** The README's example URLs -> the fixtures they stand for. */
export const URLS = {
  '/media/episode-1.json': '/fixtures/entries/clearkey-dash.json',
};

export function readmeBlocks(file = 'README.md') {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i += 1; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    let before = start - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const notRun = /^<!--\s*not-run:\s*(.+?)\s*-->$/.exec(lines[before] ?? '')?.[1] ?? null;
    blocks.push({ line: start + 1, lang: open[1], notRun, code: body.join('\n') });
  }
  return blocks;
}

function substitute(code) {
  let out = code.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"]+)\2/g, (whole, head, quote, specifier) =>
    SPECIFIERS[specifier] ? `${head}${quote}${SPECIFIERS[specifier]}${quote}` : whole,
  );
  for (const [url, fixture] of Object.entries(URLS)) out = out.split(url).join(fixture);
  return out;
}

export function readmeSnippets() {
  return {
    name: 'readme-snippets',
    async serve(context) {
      if (!context.path.startsWith(PREFIX)) return undefined;
      const name = context.path.slice(PREFIX.length);
      if (name === 'blocks.json') return { body: JSON.stringify(readmeBlocks().map((b) => ({ ...b, code: b.lang === 'html' ? substitute(b.code) : b.code }))), type: 'json' };
      const line = Number(/^line-(\d+)\.js$/.exec(name)?.[1]);
      const block = readmeBlocks().find((b) => b.line === line && RUNNABLE.has(b.lang) && !b.notRun);
      if (!block) return undefined;
      // A Svelte component, compiled as a bundler's Svelte plugin would: the module exports it (the test mounts it).
      if (block.lang === 'svelte') return { body: compile(substitute(block.code), { filename: `README.md:${block.line}.svelte`, generate: 'client' }).js.code, type: 'js' };
      const { code } = await transform(substitute(block.code), {
        loader: block.lang,
        jsx: 'automatic',
        format: 'esm',
        target: 'es2022',
        sourcefile: `README.md:${block.line}`,
        sourcemap: 'inline',
      });
      return { body: code, type: 'js' };
    },
  };
}
