// Which routes of the real project's server (`npm start`) other origins may
// read: the media fixtures (also under a test scope) and the licence routes
// answer with Access-Control-Allow-Origin; the demo, the builds, the sources,
// node_modules, the README, the manifest, the worker, the control API and the
// refusals do not, so a web page the developer visits cannot read the project.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMediaServer, PROJECT_ROOT } from '../../server/media-server.mjs';

const OTHER_ORIGIN = 'https://elsewhere.example';

let server;
let base;
before(async () => {
  ({ server, url: base } = await createMediaServer().listen({ port: 0 }));
});
after(() => server.close());

/** A cross-origin request (its Origin header set as a browser would). */
async function probe(path, init = {}) {
  const response = await fetch(new URL(path, base), { redirect: 'manual', ...init, headers: { Origin: OTHER_ORIGIN, ...init.headers } });
  await response.arrayBuffer();
  return { status: response.status, cors: response.headers.get('access-control-allow-origin') };
}

const { kid } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'fixtures', 'keys.json'), 'utf8')).keys[0];
const kidBase64Url = Buffer.from(kid, 'hex').toString('base64url');

const READABLE = [
  ['a fixture entry', '/fixtures/entries/clear-dash.json'],
  ['a DASH manifest', '/fixtures/media/clear/dash/manifest.mpd'],
  ['a progressive file (range)', '/fixtures/media/clear/mp4/video.mp4', { headers: { Range: 'bytes=0-99' } }],
  ['a fixture under a test scope', '/t/cors/fixtures/media/clear/dash/manifest.mpd'],
  ['the licence preflight', '/license/clearkey', { method: 'OPTIONS' }],
  ['a licence request', '/license/clearkey', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kids: [kidBase64Url], type: 'temporary' }) }],
];

const NOT_READABLE = [
  ['the demo', '/demo/'],
  ['the embed page', '/demo/embed.html'],
  ['the builds', '/dist/index.js'],
  ['lit-html for the demo', '/node_modules/lit-html/lit-html.js'],
  ['other packages', '/node_modules/shaka-player/package.json'],
  ['the sources', '/src/index.ts'],
  ['the README', '/README.md'],
  ['the elements manifest', '/custom-elements.json'],
  ['the offline shell worker', '/offline-player-sw.js'],
  ['package.json', '/package.json'],
  ['the git folder', '/.git/config'],
  ['the control API', '/__control/state'],
  ['the root redirect', '/'],
  ['a refused traversal', '/fixtures/..%2fpackage.json'],
  ['a missing fixture', '/fixtures/nope.json'],
];

test('fixtures, media and licences are readable from another origin', async () => {
  const rows = [];
  for (const [what, path, init] of READABLE) rows.push({ what, path, ...(await probe(path, init)) });
  rows.push({ what: 'a raw key (HLS identity)', path: `/license/clearkey/raw/${kid}`, ...(await probe(`/license/clearkey/raw/${kid}`)) });
  const wrong = rows.filter((r) => r.cors !== '*' || r.status >= 400);
  assert.deepEqual(wrong, [], `expected readable:\n${wrong.map((r) => `  ${r.what} ${r.path} -> ${r.status}, CORS ${r.cors}`).join('\n')}`);
});

test('nothing else sends Access-Control-Allow-Origin', async () => {
  const rows = [];
  for (const [what, path] of NOT_READABLE) rows.push({ what, path, ...(await probe(path)) });
  const wrong = rows.filter((r) => r.cors !== null);
  assert.deepEqual(wrong, [], `CORS where it must not be:\n${wrong.map((r) => `  ${r.what} ${r.path} -> ${r.status}, CORS ${r.cors}`).join('\n')}`);
  // The ones that exist were really served (so the absence of the header means something).
  for (const path of ['/demo/', '/demo/embed.html', '/node_modules/lit-html/lit-html.js', '/README.md', '/custom-elements.json']) {
    assert.equal(rows.find((r) => r.path === path).status, 200, path);
  }
});
