// A DevTools CPU profile (Profiler.stop) of our download, summed up: how much
// of the wall time the page's main thread was busy, and which functions took
// it (self time). IndexedDB's writes and the network run off the main thread:
// what is here is the JavaScript a segment costs.
import { basename } from 'node:path';

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
    const { functionName, url } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = url ? basename(new URL(url).pathname).replace(/-[A-Za-z0-9_-]{8}\.js$/, '.js') : '(native)';
    const key = `${functionName || '(anonymous)'}\u0000${where}`;
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
