#!/usr/bin/env node
// `npm test`: installs what is missing (npm packages, Debian's Chromium and
// Firefox ESR), builds, runs the static checks, the Node tests and the
// browser tests in each engine, and ends with the line "N passed, N failed"
// counted from the real results. BROWSERS=chromium (or firefox) runs one
// engine; BROWSERS=webkit runs the WebKitGTK smoke subset (opt-in).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureBuild, ensureChromium, ensureDependencies, ensureFirefox, ensureWebKit } from './lib/ensure.mjs';
import { freePort, run, say } from './lib/run.mjs';

const totals = { passed: 0, failed: 0 };
const lines = [];
const started = Date.now();
let phaseStart = started;
const seconds = (ms) => `${Math.round(ms / 1000)} s`;
// Each line says how long its phase took (CI has a 15-minute budget for the whole command).
function record(name, passed, failed, detail = '') {
  totals.passed += passed;
  totals.failed += failed;
  const took = seconds(Date.now() - phaseStart);
  phaseStart = Date.now();
  lines.push(`  ${failed ? 'FAIL' : 'ok  '} ${name}: ${passed} passed, ${failed} failed (${detail ? `${detail}, ` : ''}${took})`);
}

async function check(name, command, args) {
  phaseStart = Date.now();
  say(`Check: ${name}`);
  const { code, output } = await run(command, args, { quiet: true });
  if (code !== 0) process.stdout.write(output);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1);
}

function finish() {
  say('Summary');
  console.log(lines.join('\n'));
  console.log(`  in all: ${seconds(Date.now() - started)}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

const engines = (process.env.BROWSERS ?? 'chromium,firefox').split(',').map((e) => e.trim()).filter(Boolean);

try {
  await ensureDependencies();
  if (engines.includes('chromium')) await ensureChromium();
  if (engines.includes('firefox')) await ensureFirefox();
  if (engines.includes('webkit')) await ensureWebKit();
  await ensureBuild({ force: true });
  record('install and build', 1, 0);
} catch (e) {
  say(e.message);
  record('install and build', 0, 1);
  finish();
}

await check('lint (eslint)', 'npx', ['eslint', '.']);
await check('typecheck (tsc --noEmit)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
await check('custom-elements.json is up to date', 'node', ['scripts/custom-elements.mjs', '--check']);
await check('package: pack, install, types (NodeNext, Bundler), bundle', 'node', ['scripts/check-package.mjs']);
await check('fixtures match fixtures/checksums.json', 'node', ['fixtures/make-fixtures.mjs', '--verify']);

// The node tests and each engine's browser run go side by side: each engine
// has its own browser profile (storage, quota) and its own server port, and
// most of the time is spent waiting on throttled media, not on the cores.
// TEST_SERIAL=1 runs them one after the other (the output then streams).
const serial = !!process.env.TEST_SERIAL;

async function nodeTests() {
  const t0 = Date.now();
  rmSync('.cache/node-tests.tap', { force: true });
  const { code, output } = await run(
    'node',
    ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', '--test-reporter-destination=.cache/node-tests.tap', 'test/node/'],
    { quiet: !serial },
  );
  const tap = existsSync('.cache/node-tests.tap') ? readFileSync('.cache/node-tests.tap', 'utf8') : '';
  const num = (label) => Number(new RegExp(`^# ${label} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
  const failed = num('fail') + num('cancelled') + (code !== 0 && num('fail') === 0 ? 1 : 0);
  return { name: 'node tests', title: 'Node tests (node --test)', output, passed: num('pass'), failed, detail: '', ms: Date.now() - t0 };
}

async function browserTests(engine) {
  const t0 = Date.now();
  const results = `test-results.${engine}.json`;
  rmSync(results, { force: true });
  const args = ['wtr', '--config', 'web-test-runner.config.mjs'];
  if (process.env.CI || !serial) args.push('--static-logging');
  // A port of its own: two runners probing for a free one at the same moment both took 8000 (EADDRINUSE).
  const port = String(await freePort());
  const { code, output } = await run('npx', args, { env: { BROWSERS: engine, TEST_RESULTS: results, WTR_PORT: port }, quiet: !serial });
  const name = `browser tests (${engine})`;
  const title = `Browser tests (web-test-runner, ${engine} headless)`;
  if (!existsSync(results)) return { name, title, output, passed: 0, failed: 1, detail: `the runner exited ${code} without results`, ms: Date.now() - t0 };
  const r = JSON.parse(readFileSync(results, 'utf8'));
  const failures = r.failures.map((f) => `  failed: ${f}`).join('\n');
  return {
    name,
    title,
    output: failures ? `${output}\n${failures}\n` : output,
    passed: r.passed,
    failed: r.failed + (code !== 0 && r.failed === 0 ? 1 : 0),
    detail: `${r.files} files${r.skipped ? `, ${r.skipped} skipped` : ''}`,
    ms: Date.now() - t0,
  };
}

const tasks = [nodeTests, ...engines.map((engine) => () => browserTests(engine))];
const outcomes = [];
if (serial) {
  for (const task of tasks) outcomes.push(await task());
} else {
  say(`Node tests and browser tests (${engines.join(', ')}), side by side; each one's output follows when it ends`);
  await Promise.all(
    tasks.map(async (task) => {
      const outcome = await task();
      say(`${outcome.title}: done in ${seconds(outcome.ms)}`);
      process.stdout.write(outcome.output);
      outcomes.push(outcome);
    }),
  );
}
for (const o of outcomes.sort((x, y) => x.name.localeCompare(y.name))) {
  phaseStart = Date.now() - o.ms;
  record(o.name, o.passed, o.failed, o.detail);
}

finish();
