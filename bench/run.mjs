#!/usr/bin/env node
// `npm run bench`: measures our download path against plain Shaka storage and
// against the limit (fetch + large IndexedDB batches), bytes fetched twice
// after a pause and after an interrupted page, offline vs online time to
// first frame, peak JS heap growth, bundle sizes, and start-up/listAssets()
// with many assets. Every ratio is measured in the same run. Prints one table
// and writes it to bench/results/ (and BENCHMARKS.md unless --smoke).
//   --smoke   a small, quick variant (CI): checks the bench works, not times
//   --only=throughput,refetch,ttff,sizes,assets   run some parts (no files written)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createMediaServer } from '../server/media-server.mjs';
import { launchChromium } from '../test/support/headless.mjs';
import { ensureBuild, ensureChromium, ensureDependencies } from '../scripts/lib/ensure.mjs';
import { assetBytes, benchMedia, benchRoute, videoSegmentBytes } from './asset.mjs';
import { bundleSizes } from './sizes.mjs';

const smoke = process.argv.includes('--smoke');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? null;
const want = (part) => !only || only.includes(part);
const CONFIG = smoke
  ? { segments: 20, medium: 20, runs: 1, ttffRuns: 2, assets: 40, throttle: 400_000 }
  : { segments: 200, medium: 60, runs: 3, ttffRuns: 7, assets: 1000, throttle: 4_000_000 };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const mb = (bytes) => bytes / 1024 / 1024;
const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

await ensureDependencies();
await ensureChromium();
await ensureBuild();
const media = benchMedia({ smoke });
const server = createMediaServer({ routes: [benchRoute(media)] });
const { server: http, url: base } = await server.listen({ port: 0 });
const browser = await launchChromium();
const page = await browser.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(e.message));
await page.goto(`${base}bench/page.html`);
await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
const cdp = await page.createCDPSession();
const call = (name, ...args) => page.evaluate((n, a) => window.bench[n](...a), name, args);
const log = (text) => process.stdout.write(`[bench] ${text}\n`);
const rows = [];

// 1 and 4: throughput, and peak heap growth during our large download.
const large = `${base}bench/asset/${CONFIG.segments}/manifest.mpd`;
const expectedBytes = assetBytes(media, CONFIG.segments);
log(`asset: ${CONFIG.segments} x 2 s of ${media.height}p, ${fixed(mb(expectedBytes))} MB`);
const runs = { ours: [], shaka: [], limit: [] };
let heapPeak = 0;
for (let i = 0; i < (want('throughput') ? CONFIG.runs : 0); i++) {
  for (const method of ['limit', 'shaka', 'ours']) {
    let sampler = null;
    if (method === 'ours') {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize: baseline } = await cdp.send('Runtime.getHeapUsage');
      let peak = baseline;
      sampler = setInterval(async () => {
        try {
          peak = Math.max(peak, (await cdp.send('Runtime.getHeapUsage')).usedSize);
        } catch {
          // page busy: next sample
        }
      }, 50);
      sampler.result = () => peak - baseline;
    }
    const result = await call(method === 'ours' ? 'ours' : method === 'shaka' ? 'shakaStorage' : 'limit', large, CONFIG.segments);
    if (sampler) {
      clearInterval(sampler);
      heapPeak = Math.max(heapPeak, sampler.result());
    }
    runs[method].push(mb(result.bytes) / (result.ms / 1000));
    log(`${method}: ${fixed(mb(result.bytes))} MB in ${fixed(result.ms / 1000, 2)} s`);
  }
}
const throughput = { ours: median(runs.ours), shaka: median(runs.shaka), limit: median(runs.limit) };
rows.push(['Download throughput, MB/s (median of ' + CONFIG.runs + ')', fixed(throughput.ours), `Shaka ${fixed(throughput.shaka)}`, `${fixed(throughput.ours / throughput.shaka, 2)}x`, '>= 1.0x Shaka']);
rows.push(['', '', `limit ${fixed(throughput.limit)}`, `${fixed(throughput.ours / throughput.limit, 2)}x`, '>= 0.7x limit']);
rows.push(['Peak JS heap growth during our download, MB', fixed(mb(heapPeak)), `asset ${fixed(mb(expectedBytes))} MB`, `${fixed((heapPeak / expectedBytes) * 100, 1)} %`, '< 64 MB for 500 MB']);

// 2: bytes fetched twice after a pause and after an interrupted page.
const medium = `${base}bench/asset/${CONFIG.medium}/manifest.mpd`;
async function refetched(scenario) {
  const scope = `bench-${scenario}-${Date.now()}`;
  const { bytes } = await call(scenario, medium, scope, CONFIG.throttle);
  const state = (await (await fetch(`${base}__control/state?scope=${scope}`)).json()).log;
  const byResource = new Map();
  for (const entry of state) {
    if (entry.method !== 'GET' || !entry.path.endsWith('.m4s')) continue;
    if (!byResource.has(entry.path)) byResource.set(entry.path, []);
    byResource.get(entry.path).push(entry);
  }
  let twice = 0;
  let resources = 0;
  for (const entries of byResource.values()) {
    if (entries.length < 2) continue;
    resources += 1;
    for (const earlier of entries.slice(0, -1)) twice += earlier.bytes;
  }
  return { twice, fraction: twice / bytes, resources, segments: twice / videoSegmentBytes(media) };
}
for (const scenario of want('refetch') ? ['pauseResume', 'interrupted'] : []) {
  const r = await refetched(scenario);
  const label = scenario === 'pauseResume' ? 'Bytes fetched twice after pause/resume' : 'Bytes fetched twice after an interrupted page';
  rows.push([label, `${fixed(mb(r.twice), 2)} MB`, `${r.resources} requests redone`, `${fixed(r.fraction * 100, 2)} % of asset (${fixed(r.segments, 1)} video segments)`, '<= 1 segment per parallel request (4)']);
}

// 3: time to first frame, offline against online from loopback.
const ttff = want('ttff') ? await call('timeToFirstFrame', `${base}fixtures/entries/clear-dash.json`, CONFIG.ttffRuns) : { online: [], offline: [] };
rows.push(['Time to first frame, ms (median)', `offline ${fixed(median(ttff.offline), 0)}`, `online ${fixed(median(ttff.online), 0)}`, `${fixed(median(ttff.offline) / median(ttff.online), 2)}x`, 'offline <= online']);

// 5: bundle sizes (gzip -9) and what a page with only a button loads.
const sizes = want('sizes') ? await bundleSizes(browser, base) : { buttonFiles: [], buttonFilesReturning: [] };
rows.push(['Own code (minified, gzip -9), KB', fixed(sizes.own / 1024), `all ESM chunks but Shaka ${fixed(sizes.bundleWithoutShaka / 1024)}`, '', '<= 20 KB']);
rows.push(['Full IIFE (with Shaka), KB gzip -9', fixed(sizes.iife / 1024), `Shaka alone ${fixed(sizes.shaka / 1024)}`, `${fixed(sizes.iife / sizes.shaka, 2)}x Shaka`, '']);
rows.push(['Button-only page before a click (first visit), KB gzip -9', fixed(sizes.buttonOnly / 1024), `${sizes.buttonFiles.length} scripts, Shaka loaded: ${sizes.buttonFiles.some((f) => f.includes('shaka-player'))}`, '', '<= 30 KB']);
rows.push(['Button-only page before a click (return visit), KB gzip -9', fixed(sizes.buttonOnlyReturning / 1024), `${sizes.buttonFilesReturning.length} scripts, Shaka loaded: ${sizes.buttonFilesReturning.some((f) => f.includes('shaka-player'))}`, '', '<= 30 KB']);

// 6: start-up and listAssets() with many assets.
const many = want('assets') ? await call('manyAssets', CONFIG.assets) : { list: [], startup: [], startupWithCleanup: [] };
rows.push([`listAssets() with ${CONFIG.assets} assets, ms (median)`, fixed(median(many.list), 2), '', '', '< 50 ms']);
rows.push([`Manager start-up with ${CONFIG.assets} assets, ms (median)`, fixed(median(many.startup), 0), `with cleanup ${fixed(median(many.startupWithCleanup), 0)}`, '', '']);

await browser.close();
http.close();

const header = ['Measure', 'offline-player', 'Baseline (same run)', 'Ratio', 'Goal'];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, ${(await import('../test/support/chromium.mjs')).chromiumPath()}`;
const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const report = `${table}\n\n${smoke ? 'Smoke run (small asset; numbers not meaningful).' : `Run ${stamp} on ${machine}.`}\n`;
console.log(`\n${report}`);
if (problems.length) console.log(`page errors: ${problems.join('; ')}`);
if (only) process.exit(problems.length ? 1 : 0);
mkdirSync('bench/results', { recursive: true });
const name = smoke ? 'smoke' : 'latest';
writeFileSync(`bench/results/${name}.md`, report);
writeFileSync(`bench/results/${name}.json`, JSON.stringify({ smoke, stamp, machine, config: CONFIG, throughput, heapPeak, ttff, sizes, many, rows }, null, 2));
if (!smoke) {
  const doc = readFileSync('BENCHMARKS.md', 'utf8');
  writeFileSync('BENCHMARKS.md', doc.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${report}<!-- bench:end -->`));
}
process.exit(problems.length ? 1 : 0);
