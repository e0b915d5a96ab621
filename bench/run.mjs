#!/usr/bin/env node
// `npm run bench`: the download path measured against plain Shaka storage and
// against the limit, on a matrix of assets (bench/profiles.mjs), side by side
// in one run (rounds alternate the three). For each asset it also measures the
// server's own serving rate from a second client (Node, same run) and checks
// it is at least 3x the limit: otherwise the bench would measure its server.
// Then: a CPU profile of our download (where a segment's time goes), a
// 2-hour title against the 10-minute one (throughput, peak heap), bytes
// fetched twice after a pause and a closed page, time to first frame, sizes,
// and start-up / listAssets() with 10,000 assets. Prints one table and
// writes it to bench/results/ (and BENCHMARKS.md unless --smoke or --only).
//   --smoke                 small and quick (CI): checks the bench works, not times
//   --only=matrix,profile,refetch,ttff,sizes,assets   some parts
//   --assets=720p-2s,...    some assets of the matrix
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createMediaServer } from '../server/media-server.mjs';
import { launchChromium } from '../test/support/headless.mjs';
import { ensureBuild, ensureChromium, ensureDependencies } from '../scripts/lib/ensure.mjs';
import { assetBytes, benchAssets, benchRoute, largestSegment, segmentsOf } from './profiles.mjs';
import { summarizeProfile } from './profile.mjs';
import { bundleSizes } from './sizes.mjs';

const smoke = process.argv.includes('--smoke');
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).split(',') ?? null;
const only = option('only');
const want = (part) => !only || only.includes(part);
const CONFIG = smoke
  ? { runs: 1, segments: 20, ttffRuns: 2, catalogue: 40, throttle: 400_000 }
  : { runs: 3, segments: null, ttffRuns: 7, catalogue: 10_000, throttle: 4_000_000 };

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mb = (bytes) => bytes / 1024 / 1024;
const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const rate = (r) => mb(r.bytes) / (r.ms / 1000);
const log = (text) => process.stdout.write(`[bench] ${text}\n`);

await ensureDependencies();
await ensureChromium();
await ensureBuild();
// The profile names functions by their source (bench/profile.mjs): a build with source maps.
if (want('profile') && !readdirSync('dist/bundle').some((f) => f.endsWith('.js.map'))) {
  log('building with source maps (for the profile)...');
  await ensureBuild({ force: true, sourcemaps: true });
}
const assets = benchAssets({ smoke, only: option('assets') });
const server = createMediaServer({ routes: [benchRoute(assets)] });
const { server: http, url: base } = await server.listen({ port: 0 });
const browser = await launchChromium();
const page = await browser.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(e.message));
await page.goto(`${base}bench/page.html`);
await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
const cdp = await page.createCDPSession();
const call = (name, ...args) => page.evaluate((n, a) => window.bench[n](...a), name, args);
const rows = [];
const results = { assets: {} };

/** The server's own rate for `urls`, from a second client (bench/serve-rate.mjs, a process of its own). */
function serverRate(urls, parallel = 8) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/serve-rate.mjs', String(parallel)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`serve-rate exited ${code}`))));
    child.stdin.end(urls.join('\n'));
  });
}

/** The GET URLs a scope's requests went to (what our download asked for), in order. */
async function requestedUrls(scope) {
  const { log: entries } = await (await fetch(`${base}__control/state?scope=${scope}`)).json();
  return entries.filter((e) => e.method === 'GET' && /\.(m4s|mp4)$/.test(e.path)).map((e) => `${base}t/${scope}${e.path}`);
}

/** Peak JS heap growth while `body` runs (DevTools, sampled every 50 ms). */
async function heapGrowth(body) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize: baseline } = await cdp.send('Runtime.getHeapUsage');
  let peak = baseline;
  const sampler = setInterval(() => {
    cdp.send('Runtime.getHeapUsage').then(({ usedSize }) => (peak = Math.max(peak, usedSize)), () => undefined);
  }, 50);
  try {
    return { result: await body(), heap: () => peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

// 1. The matrix: ours, plain Shaka and the limit, alternating, on each asset.
for (const asset of want('matrix') ? assets : []) {
  const segments = CONFIG.segments ?? segmentsOf(asset);
  const url = `${base}bench/${asset.name}/${segments}/manifest.mpd`;
  const bytes = assetBytes(asset, segments);
  log(`${asset.name}: ${segments} x ${asset.seconds} s per stream, ${asset.streams.length} streams, ${fixed(mb(bytes))} MB, largest segment ${fixed(largestSegment(asset) / 1024, 0)} KB`);
  const runs = { ours: [], shaka: [], limit: [], server: [] };
  let heap = 0;
  let urls = null;
  for (let i = 0; i < CONFIG.runs; i++) {
    const scope = `bench-${asset.name}-${i}-${Date.now()}`;
    const measured = await heapGrowth(() => call('ours', url.replace('/bench/', `/t/${scope}/bench/`)));
    heap = Math.max(heap, measured.heap());
    runs.ours.push(rate(measured.result));
    urls ??= await requestedUrls(scope);
    // The same heap sampling runs during the baselines: every contender pays its (small) cost.
    runs.shaka.push(rate((await heapGrowth(() => call('shakaStorage', url))).result));
    runs.limit.push(rate((await heapGrowth(() => call('limit', urls))).result));
    runs.server.push(rate(await serverRate(urls)));
    log(`  round ${i + 1}: ours ${fixed(runs.ours.at(-1))}, Shaka ${fixed(runs.shaka.at(-1))}, limit ${fixed(runs.limit.at(-1))}, server ${fixed(runs.server.at(-1))} MB/s`);
  }
  const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
  results.assets[asset.name] = { ...m, heap, bytes, runs, requests: urls.length };
  rows.push([
    `${asset.name} (${fixed(mb(bytes), 0)} MB), MB/s`,
    fixed(m.ours),
    `Shaka ${fixed(m.shaka)} · limit ${fixed(m.limit)} · server ${fixed(m.server)}`,
    `${fixed(m.ours / m.shaka, 2)}x Shaka · ${fixed(m.ours / m.limit, 2)}x limit · server ${fixed(m.server / m.limit, 1)}x limit`,
    '>= 1.05x Shaka, >= 0.8x limit; server >= 3x limit',
  ]);
}

// 2. Flat with title length: the 2-hour title against the same asset for 10 minutes.
const long = results.assets['480p-4s-2audio-2h'];
const short = results.assets['480p-4s-2audio'];
if (long && short) {
  rows.push(['2-hour title vs 10 minutes (480p, 4 s), throughput', `${fixed(long.ours)} MB/s`, `10 min ${fixed(short.ours)} MB/s`, `${fixed(long.ours / short.ours, 2)}x`, '>= 0.9x']);
  rows.push(['Peak JS heap growth, 2-hour title download, MB', fixed(mb(long.heap)), `asset ${fixed(mb(long.bytes), 0)} MB`, '', '< 64 MB']);
} else {
  const heaps = Object.values(results.assets).map((a) => a.heap);
  if (heaps.length) rows.push(['Peak JS heap growth during our downloads, MB', fixed(mb(Math.max(...heaps))), '', '', '< 64 MB']);
}

// 3. Where a segment's time goes: a CPU profile of our download.
if (want('profile')) {
  const asset = assets.find((a) => a.name === '480p-4s-2audio') ?? assets[0];
  const segments = CONFIG.segments ?? segmentsOf(asset);
  const scope = `bench-profile-${Date.now()}`;
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await call('ours', `${base}t/${scope}/bench/${asset.name}/${segments}/manifest.mpd`);
  const { profile } = await cdp.send('Profiler.stop');
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/download.cpuprofile', JSON.stringify(profile)); // open in DevTools' Performance panel
  const requests = (await requestedUrls(scope)).length;
  results.profile = summarizeProfile(profile, { requests, ms: result.ms, bytes: result.bytes });
  rows.push([
    `Per segment (${asset.name}, ${requests} requests), ms`,
    `${fixed(result.ms / requests, 2)} wall`,
    `main thread busy ${fixed(results.profile.busyMs / requests, 2)} (${fixed(results.profile.busyShare * 100, 0)} % of wall)`,
    results.profile.top.slice(0, 3).map((t) => `${t.name} ${fixed(t.share * 100, 0)} %`).join(', '),
    'profile below',
  ]);
}

// 4. Bytes fetched twice after a pause and after an interrupted page.
const refetchAsset = assets.find((a) => a.name === '720p-2s') ?? assets[0];
const refetchSegments = smoke ? CONFIG.segments : 60;
const medium = `${base}bench/${refetchAsset.name}/${refetchSegments}/manifest.mpd`;
async function refetched(scenario) {
  const scope = `bench-${scenario}-${Date.now()}`;
  const { bytes } = await call(scenario, medium, scope, CONFIG.throttle);
  const { log: entries } = await (await fetch(`${base}__control/state?scope=${scope}`)).json();
  const byResource = new Map();
  for (const entry of entries) {
    if (entry.method !== 'GET' || !entry.path.endsWith('.m4s')) continue;
    if (!byResource.has(entry.path)) byResource.set(entry.path, []);
    byResource.get(entry.path).push(entry);
  }
  let twice = 0;
  let resources = 0;
  for (const list of byResource.values()) {
    if (list.length < 2) continue;
    resources += 1;
    for (const earlier of list.slice(0, -1)) twice += earlier.bytes;
  }
  return { twice, fraction: twice / bytes, resources, segments: twice / largestSegment(refetchAsset) };
}
for (const scenario of want('refetch') ? ['pauseResume', 'interrupted'] : []) {
  const r = await refetched(scenario);
  const label = scenario === 'pauseResume' ? 'Bytes fetched twice after pause/resume' : 'Bytes fetched twice after an interrupted page';
  rows.push([label, `${fixed(mb(r.twice), 2)} MB`, `${r.resources} requests redone`, `${fixed(r.fraction * 100, 2)} % of asset (${fixed(r.segments, 1)} video segments)`, '<= 1 segment per parallel request (6)']);
}

// 5. Time to first frame, offline against online from loopback.
if (want('ttff')) {
  const ttff = await call('timeToFirstFrame', `${base}fixtures/entries/clear-dash.json`, CONFIG.ttffRuns);
  results.ttff = ttff;
  rows.push(['Time to first frame, ms (median)', `offline ${fixed(median(ttff.offline), 0)}`, `online ${fixed(median(ttff.online), 0)}`, `${fixed(median(ttff.offline) / median(ttff.online), 2)}x`, 'offline <= online']);
}

// 6. Sizes (gzip -9), and what a page with only a button loads.
if (want('sizes')) {
  const sizes = await bundleSizes(browser, base);
  results.sizes = sizes;
  rows.push(['Own code (minified, gzip -9), KB', fixed(sizes.own / 1024), `all ESM chunks but Shaka ${fixed(sizes.bundleWithoutShaka / 1024)}`, sizes.perModule.slice(0, 4).map((m) => `${m.name} ${fixed(m.bytes / 1024)}`).join(', '), '<= 20 KB']);
  rows.push(['Full IIFE (with Shaka), KB gzip -9', fixed(sizes.iife / 1024), `Shaka alone ${fixed(sizes.shaka / 1024)}`, `${fixed(sizes.iife / sizes.shaka, 2)}x Shaka`, '']);
  rows.push(['Button-only page before a click (first visit), KB gzip -9', fixed(sizes.buttonOnly / 1024), `${sizes.buttonFiles.length} scripts, Shaka loaded: ${sizes.buttonFiles.some((f) => f.includes('shaka-player'))}`, '', '<= 30 KB']);
  rows.push(['Button-only page before a click (return visit), KB gzip -9', fixed(sizes.buttonOnlyReturning / 1024), `${sizes.buttonFilesReturning.length} scripts, Shaka loaded: ${sizes.buttonFilesReturning.some((f) => f.includes('shaka-player'))}`, '', '<= 30 KB']);
  if (sizes.tarball) rows.push(['npm tarball, KB', fixed(sizes.tarball / 1000, 0), `${sizes.tarballFiles} files`, '', '<= 500 KB']);
}

// 7. Start-up and listAssets() with a large catalogue.
if (want('assets')) {
  const many = await call('manyAssets', CONFIG.catalogue);
  results.many = many;
  rows.push([
    `Manager start-up with ${CONFIG.catalogue} assets, ms (median)`,
    fixed(median(many.startup), 0),
    `with cleanup ${fixed(median(many.startupWithCleanup), 0)} · floor ${fixed(median(many.floor), 0)} (one getAll + JSON.parse of the same records)`,
    `${fixed(median(many.startup) / median(many.floor), 2)}x floor`,
    '< 150 ms (10,000)',
  ]);
  rows.push([`listAssets() with ${CONFIG.catalogue} assets, ms (median)`, fixed(median(many.list), 2), '', '', '< 20 ms (10,000)']);
}

const browserVersion = await browser.version();
await browser.close();
http.close();

const header = ['Measure', 'offline-player', 'Baseline (same run)', 'Ratio', 'Goal'];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const profileTable = results.profile
  ? `\n\nWhere our download's main-thread time goes (${results.profile.samples} samples):\n\n| function | where | self, % of busy |\n| --- | --- | --- |\n${results.profile.top
      .map((t) => `| ${t.name} | ${t.where} | ${fixed(t.share * 100, 1)} |`)
      .join('\n')}\n`
  : '';
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${browserVersion.replace('HeadlessChrome', 'Chromium')}`;
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const report = `${table}${profileTable}\n${smoke ? 'Smoke run (small assets; numbers not meaningful).' : `Run ${stamp} on ${machine}.`}\n`;
console.log(`\n${report}`);
if (problems.length) console.log(`page errors: ${problems.join('; ')}`);
if (only || option('assets')) process.exit(problems.length ? 1 : 0);
mkdirSync('bench/results', { recursive: true });
const name = smoke ? 'smoke' : 'latest';
writeFileSync(`bench/results/${name}.md`, report);
writeFileSync(`bench/results/${name}.json`, JSON.stringify({ smoke, stamp, machine, config: CONFIG, results, rows }, null, 2));
if (!smoke) {
  const doc = readFileSync('BENCHMARKS.md', 'utf8');
  writeFileSync('BENCHMARKS.md', doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${report}<!-- bench:end -->`));
}
process.exit(problems.length ? 1 : 0);
