// A DevTools CPU profile (Profiler.stop) of our download, summed up: how much
// of the wall time the page's main thread was busy, and which functions took
// it (self time). IndexedDB's writes and the network run off the main thread:
// what is here is the JavaScript a segment costs. When the build has source
// maps (the bench builds with --sourcemaps), a frame is named by its source
// file, line and original name instead of the minified chunk.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { PROJECT_ROOT } from '../server/media-server.mjs';

const maps = new Map();
/** The source map of a served script (`/dist/...` on disk), or null. */
function mapOf(url) {
  const path = new URL(url).pathname;
  if (!maps.has(path)) {
    const file = join(PROJECT_ROOT, path.replace(/^\/+/, '').replace(/^t\/[^/]+\//, ''));
    maps.set(path, existsSync(`${file}.map`) ? new TraceMap(readFileSync(`${file}.map`, 'utf8')) : null);
  }
  return maps.get(path);
}

/** `name`, `where` of a profile frame: its original source when a map says. */
function frameOf({ functionName, url, lineNumber, columnNumber }) {
  if (!url) return { name: functionName || '(anonymous)', where: '(native)' };
  const chunk = basename(new URL(url).pathname).replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js');
  const map = mapOf(url);
  const original = map && lineNumber >= 0 ? originalPositionFor(map, { line: lineNumber + 1, column: Math.max(0, columnNumber) }) : null;
  if (!original?.source) return { name: functionName || '(anonymous)', where: chunk };
  const source = relative(PROJECT_ROOT, join(PROJECT_ROOT, 'dist', 'bundle', original.source)).replace(/^(\.\.\/)+/, '');
  return { name: original.name ?? (functionName || '(anonymous)'), where: `${source}:${original.line}` };
}

/** `{ busyMs, busyShare, samples, top: [{ name, where, share }] }` */
export function summarizeProfile(profile, { ms }) {
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    total += us;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const { name, where } = frameOf(node.callFrame);
    const key = `${name}\u0000${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const busy = total - idle;
  const top = [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([key, us]) => {
      const [name, where] = key.split('\u0000');
      return { name, where, share: busy > 0 ? us / busy : 0 };
    });
  return { samples: profile.samples.length, busyMs: busy / 1000, busyShare: busy / 1000 / ms, top };
}
