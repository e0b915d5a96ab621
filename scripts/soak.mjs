#!/usr/bin/env node
// `npm run soak`: the operation storm of test/lifecycle/storm.test.ts, longer:
// more operations and more seeds than CI runs (two tabs, two assets, random
// start/pause/resume/cancel/remove, then the invariants). Prints what every
// operation answered, per seed.
//   npm run soak -- --ops 1000 --seeds 1-10
import { ensureBuild, ensureChromium, ensureDependencies } from './lib/ensure.mjs';
import { run, say } from './lib/run.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ops = Number(arg('--ops', '800'));
const [from, to] = arg('--seeds', '1-8').split('-').map(Number);
const seeds = Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);

await ensureDependencies();
await ensureChromium();
await ensureBuild();
say(`Soak: ${ops} operations x ${seeds.length} seeds (${seeds.join(', ')})`);
const started = Date.now();
const { code } = await run('npx', ['wtr', '--config', 'web-test-runner.config.mjs', '--files', 'test/lifecycle/storm.test.ts', '--static-logging'], {
  env: { STORM_OPS: String(ops), STORM_SEEDS: seeds.join(','), COVERAGE: 'false' },
});
say(`Soak ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
