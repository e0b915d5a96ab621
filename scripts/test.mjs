#!/usr/bin/env node
// `npm test`: installs what is missing (npm packages, Debian's Chromium and
// Firefox ESR), builds, runs the static checks, the Node tests and the
// browser tests in each engine, and ends with the line "N passed, N failed"
// counted from the real results. BROWSERS=chromium (or firefox) runs one
// engine; BROWSERS=webkit runs the WebKitGTK smoke subset (opt-in).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ensureBuild, ensureChromium, ensureDependencies, ensureFirefox, ensureWebKit } from './lib/ensure.mjs';
import { run, say } from './lib/run.mjs';

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

say('Node tests (node --test)');
{
  phaseStart = Date.now();
  rmSync('.cache/node-tests.tap', { force: true });
  const { code } = await run('node', [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    '--test-reporter-destination=.cache/node-tests.tap',
    'test/node/',
  ]);
  const tap = existsSync('.cache/node-tests.tap') ? readFileSync('.cache/node-tests.tap', 'utf8') : '';
  const num = (label) => Number(new RegExp(`^# ${label} (\\d+)`, 'm').exec(tap)?.[1] ?? 0);
  const passed = num('pass');
  const failed = num('fail') + num('cancelled') + (code !== 0 && num('fail') === 0 ? 1 : 0);
  record('node tests', passed, failed);
}

// One run per engine, one after the other: each engine's results stay apart,
// and the timing-sensitive tests do not share the two cores with a second browser.
for (const engine of engines) {
  say(`Browser tests (web-test-runner, ${engine} headless)`);
  phaseStart = Date.now();
  const results = `test-results.${engine}.json`;
  rmSync(results, { force: true });
  const args = ['wtr', '--config', 'web-test-runner.config.mjs'];
  if (process.env.CI) args.push('--static-logging');
  const { code } = await run('npx', args, { env: { BROWSERS: engine, TEST_RESULTS: results } });
  const name = `browser tests (${engine})`;
  if (existsSync(results)) {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    for (const failure of r.failures) console.log(`  failed: ${failure}`);
    record(name, r.passed, r.failed + (code !== 0 && r.failed === 0 ? 1 : 0), `${r.files} files${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  } else {
    record(name, 0, 1, `the runner exited ${code} without results`);
  }
}

finish();
