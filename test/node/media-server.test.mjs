// The media server's pieces over real HTTP on loopback (Node's fetch).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaServer } from '../../server/media-server.mjs';
import { decodePath, parseRange, resolveInside } from '../../server/static.mjs';
import { FaultRule } from '../../server/faults.mjs';

let server;
let base;
before(async () => {
  const started = await createMediaServer().listen({ port: 0 });
  server = started.server;
  base = started.url;
});
after(() => server.close());

test('parseRange handles the forms a player sends, and refuses the rest', () => {
  assert.deepEqual(parseRange('bytes=0-99', 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange('bytes=900-', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=-100', 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange('bytes=990-2000', 1000), { start: 990, end: 999 });
  assert.equal(parseRange(undefined, 1000), null);
  assert.equal(parseRange('bytes=1000-', 1000), 'invalid');
  assert.equal(parseRange('bytes=5-2', 1000), 'invalid');
  assert.equal(parseRange('items=0-1', 1000), 'invalid');
  assert.equal(parseRange('bytes=0-1,5-9', 1000), 'invalid');
});

test('decodePath decodes once and refuses what only an attack sends; resolveInside never leaves the root', () => {
  assert.deepEqual(decodePath('/fixtures/a%20b/c.mp4'), { path: '/fixtures/a b/c.mp4' });
  assert.deepEqual(decodePath('/fixtures//media/x'), { path: '/fixtures/media/x' });
  for (const bad of ['/%2e%2e/etc', '/a/..%2fb', '/%252e%252e/x', '/a%5cb', '/a\\b', '/a%00', '/%E0%A4%A', 'relative']) {
    assert.deepEqual(decodePath(bad), { status: 400 }, bad);
  }
  assert.equal(resolveInside('/srv/root', '/../etc/passwd'), '/srv/root/etc/passwd');
  assert.equal(resolveInside('/srv/root', '/a/../../etc'), '/srv/root/etc');
  // No second decode: an encoded dot stays a file name.
  assert.equal(resolveInside('/srv/root', '/%2e%2e/etc'), '/srv/root/%2e%2e/etc');
});

test('a fault rule selects by pattern, n-th match, seeded rate and count', () => {
  const nth = new FaultRule({ match: '\\.m4s$', nth: [2, 3], status: 503 });
  const picks = ['a.m4s', 'b.mpd', 'c.m4s', 'd.m4s', 'e.m4s'].map((p) => nth.select('GET', p)?.status ?? null);
  assert.deepEqual(picks, [null, null, 503, 503, null]);
  const rate = () => new FaultRule({ match: '.', rate: 0.3, seed: 7, status: 500 });
  const run = (rule) => Array.from({ length: 200 }, () => (rule.select('GET', '/x') ? 1 : 0));
  const first = run(rate());
  assert.deepEqual(run(rate()), first, 'same seed, same choices');
  const hits = first.reduce((a, b) => a + b, 0);
  assert.ok(hits > 30 && hits < 90, `about 30 % of 200 requests fail (got ${hits})`);
  const limited = new FaultRule({ match: '.', times: 2, latencyMs: 5 });
  assert.deepEqual([1, 2, 3].map(() => limited.select('GET', '/x')), [{ latencyMs: 5 }, { latencyMs: 5 }, null]);
  assert.throws(() => new FaultRule({}), /match/);
});

test('static files: 200, 206 with Content-Range, 416, 404, and no path escape', async () => {
  const full = await fetch(`${base}fixtures/keys.json`);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('accept-ranges'), 'bytes');
  const size = (await full.arrayBuffer()).byteLength;
  const part = await fetch(`${base}fixtures/keys.json`, { headers: { Range: 'bytes=2-9' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 2-9/${size}`);
  assert.equal((await part.arrayBuffer()).byteLength, 8);
  const bad = await fetch(`${base}fixtures/keys.json`, { headers: { Range: `bytes=${size}-` } });
  assert.equal(bad.status, 416);
  assert.equal((await fetch(`${base}fixtures/nope.mpd`)).status, 404);
  assert.equal((await fetch(`${base}fixtures/../package.json`)).status, 404);
  assert.equal((await fetch(`${base}src/index.ts`)).status, 404, 'only public folders are served');
  const root = await fetch(base, { redirect: 'manual' });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/demo/');
});

test('the license server answers known key ids, refuses unknown ones and counts', async () => {
  const { keys } = await (await fetch(`${base}fixtures/keys.json`)).json();
  const kid = Buffer.from(keys[0].kid, 'hex').toString('base64url');
  const post = (scope, body, headers = {}) =>
    fetch(`${base}t/${scope}/license/clearkey`, { method: 'POST', body, headers });
  const ok = await post('lic', JSON.stringify({ kids: [kid], type: 'temporary' }));
  assert.equal(ok.status, 200);
  const license = await ok.json();
  assert.deepEqual(license.keys, [{ kty: 'oct', kid, k: Buffer.from(keys[0].key, 'hex').toString('base64url') }]);
  assert.equal(license.type, 'temporary');
  const unknown = await post('lic', JSON.stringify({ kids: [Buffer.alloc(16, 9).toString('base64url')] }));
  assert.equal(unknown.status, 403);
  assert.equal((await unknown.json()).error, 'unknown-key-id');
  assert.equal((await post('lic', 'not json')).status, 400);
  assert.equal((await post('lic', JSON.stringify({ kids: [] }))).status, 400);
  const raw = await fetch(`${base}t/lic/license/clearkey/raw/${keys[0].kid}`);
  assert.equal(Buffer.from(await raw.arrayBuffer()).toString('hex'), keys[0].key);
  const state = await (await fetch(`${base}__control/state?scope=lic`)).json();
  assert.equal(state.license.stats.requests, 1);
  assert.equal(state.license.stats.rawKeyRequests, 1);
  assert.equal(state.license.stats.refused, 3);
});

test('the license server can require a token and give licences a duration', async () => {
  const { keys } = await (await fetch(`${base}fixtures/keys.json`)).json();
  const kid = Buffer.from(keys[0].kid, 'hex').toString('base64url');
  await fetch(`${base}__control/license`, {
    method: 'POST',
    body: JSON.stringify({ scope: 'tok', requiredToken: 'secret', durationSeconds: 60 }),
  });
  const url = `${base}t/tok/license/clearkey`;
  const body = JSON.stringify({ kids: [kid] });
  assert.equal((await fetch(url, { method: 'POST', body })).status, 401);
  const ok = await fetch(url, { method: 'POST', body, headers: { Authorization: 'Bearer secret' } });
  assert.equal(ok.status, 200);
  const { expiration } = await ok.json();
  assert.ok(expiration > Date.now() + 55000 && expiration <= Date.now() + 60000);
});
