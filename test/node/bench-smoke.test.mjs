// The benchmark works (small variant): it runs every scenario and prints
// every row with numbers. It checks that the bench works, never a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

test('npm run bench --smoke prints the whole table', { timeout: 300000 }, () => {
  const run = spawnSync('node', ['bench/run.mjs', '--smoke'], { encoding: 'utf8', timeout: 280000 });
  assert.equal(run.status, 0, run.stderr || run.stdout);
  const report = readFileSync('bench/results/smoke.md', 'utf8');
  for (const measure of [
    'smoke-360p-2s',
    'Peak JS heap growth',
    'Per segment',
    'Where our download',
    'Bytes fetched twice after pause/resume',
    'Bytes fetched twice after an interrupted page',
    'Time to first frame',
    'Own code',
    'Full IIFE',
    'Button-only page before a click (first visit)',
    'npm tarball',
    'listAssets() with',
    'Manager start-up with',
  ]) {
    assert.ok(report.includes(measure), `row "${measure}"`);
  }
  const { results } = JSON.parse(readFileSync('bench/results/smoke.json', 'utf8'));
  const matrix = results.assets['smoke-360p-2s'];
  for (const value of [matrix.ours, matrix.shaka, matrix.limit, matrix.server, results.sizes.own, results.sizes.buttonOnly, results.profile.busyMs]) {
    assert.ok(Number.isFinite(value) && value > 0, `a number: ${value}`);
  }
  assert.ok(results.profile.top.length > 0, 'the profile names functions');
  assert.equal(results.sizes.buttonFiles.some((f) => f.includes('shaka-player')), false, 'a button-only page loads no Shaka');
  assert.equal(results.sizes.buttonFiles.some((f) => f.includes('localforage')), false, 'a button-only page loads no localforage (it loads on the first write)');
});
