// stripQueryParameters: signed-URL tokens in an entry's URLs are used for the
// download and stored nowhere (every IndexedDB database of the origin is read
// back byte for byte); other parameters are kept. After a "reload" (a new
// manager on the same store, with no memory of the full URLs) a download
// resumes only with a fresh entry; without one it is a typed error that
// leaves the record as it was. A bad option is a typed error.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type MediaEntry } from '../../src/index.js';
import '../../src/elements/download-button/download-button.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import { waitForState } from '../elements/helpers.js';
import { withNetworkCut } from '../support/browser.js';
import { rejects } from '../support/errors.js';
import { fixtureEntry, newScope, serverState, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';
import { progressReaches } from '../resilience/helpers.js';

let n = 0;
const storeName = () => `test-strip-${Date.now()}-${++n}`;

/** `url` with `params` added to its query. */
function withParams(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.href;
}

function signed(entry: MediaEntry, params: Record<string, string>): MediaEntry {
  const copy = structuredClone(entry);
  if (copy.thumbnailUrl) copy.thumbnailUrl = withParams(copy.thumbnailUrl, params);
  for (const source of copy.sources) {
    source.contentUrl = withParams(source.contentUrl, params);
    for (const drm of source.drmData ?? []) drm.licenseUri = withParams(drm.licenseUri, params);
  }
  return copy;
}

const latin1 = new TextDecoder('latin1');

/** Where `needle` occurs in the origin's IndexedDB databases (every store, every value, binary included). */
async function occurrences(needle: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (value: unknown, where: string): Promise<void> => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value.includes(needle)) found.push(where);
    } else if (value instanceof Blob) {
      if (latin1.decode(await value.arrayBuffer()).includes(needle)) found.push(`${where} (Blob)`);
    } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      if (latin1.decode(bytes).includes(needle)) found.push(`${where} (bytes)`);
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes(needle)) found.push(`${where}.${k} (key)`);
        await visit(v, `${where}.${k}`);
      }
    }
  };
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      for (const storeName of [...db.objectStoreNames]) {
        const [keys, values] = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
          const tx = db.transaction(storeName, 'readonly');
          const store = tx.objectStore(storeName);
          const k = store.getAllKeys();
          const v = store.getAll();
          tx.oncomplete = () => resolve([k.result, v.result]);
          tx.onerror = () => reject(tx.error);
        });
        for (let i = 0; i < values.length; i++) {
          await visit(keys[i], `${name}/${storeName}[key ${i}]`);
          await visit(values[i], `${name}/${storeName}[${String(keys[i]).slice(0, 60)}]`);
        }
      }
    } finally {
      db.close();
    }
  }
  return found;
}

describe('stripQueryParameters', () => {
  it('refuses a bad option with INVALID_ARGUMENT, before touching storage', async () => {
    const name = storeName();
    for (const bad of ['token', [42], [''], ['token', 'token'], [{}], Array.from({ length: 65 }, (_, i) => `p${i}`)]) {
      let error: unknown = null;
      try {
        new LocalAssetsManager(new DefaultLocalDataStore({ name }), { stripQueryParameters: bad as string[] });
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string })?.code, JSON.stringify(bad)).to.equal('INVALID_ARGUMENT');
      expect((error as Error).message).to.match(/stripQueryParameters/);
    }
    expect((await indexedDB.databases()).some((d) => d.name === name), 'no database was created').to.be.false;
  });

  it('DASH with ClearKey: the token is in no database, other parameters stay, the copy plays offline', async () => {
    const scope = newScope('strip-dash');
    const token = `SECRET${crypto.randomUUID().replaceAll('-', '')}`;
    const entry = signed(await fixtureEntry('clearkey-dash', scope), { token, keep: 'kept1' });
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: storeName() }), { stripQueryParameters: ['token', 'Signature'] });
    const entryUrl = withParams(new URL(`/t/${scope}/fixtures/entries/clearkey-dash.json`, location.href).href, { token });
    try {
      await m.startDownload(await m.prepareForDownload(entry, { entryUrl }));
      const done = await m.whenDownloaded('clearkey-dash');
      expect(done.state).to.equal('completed');
      // The licence request carried the token (the run used the full URL).
      expect((await serverState(scope)).license.stats.tokens).to.include(token);
      expect(await occurrences(token), 'the token at rest').to.deep.equal([]);
      const status = await m.getAssetStatus('clearkey-dash');
      expect(status.mediaSource!.contentUrl).to.match(/manifest\.mpd\?keep=kept1$/);
      expect(status.mediaSource!.drmData[0].licenseUri).to.match(/\/license\/clearkey\?keep=kept1$/);
      expect(status.entryUrl).to.match(/clearkey-dash\.json$/);
      expect(status.entry!.thumbnailUrl).to.match(/poster\.jpg\?keep=kept1$/);
      // The entry's URL (with a new token) still finds the download.
      expect((await m.loadMediaEntry(withParams(entryUrl, { token: 'another' }), {}).catch(() => null))?.id).to.equal('clearkey-dash');
      await withNetworkCut(async () => {
        const found = await m.loadMediaEntry(entryUrl);
        expect(found.id, 'offline, the page’s signed src finds the kept entry').to.equal('clearkey-dash');
        await playsFor(await m.createLocalMediaEntry('clearkey-dash'));
      });
    } finally {
      await m.removeAsset('clearkey-dash');
      await m.destroy();
    }
  });

  it('MP4 paused, then a reload: resumes only with a fresh entry (typed errors otherwise), never storing a token', async () => {
    const scope = newScope('strip-mp4');
    const name = storeName();
    const token = `SECRET${crypto.randomUUID().replaceAll('-', '')}`;
    const plain = await fixtureEntry('clear-mp4', scope);
    // `__latency` is a parameter the server acts on (and logs): stripped too, it shows which URL a request used.
    const entry = signed(plain, { token, __latency: '1' });
    const strip = { stripQueryParameters: ['token', '__latency'] };
    const first = new LocalAssetsManager(new DefaultLocalDataStore({ name }), strip);
    await setFaults(scope, [{ match: 'video\\.mp4$', methods: ['GET'], bytesPerSecond: 250_000 }]);
    await first.startDownload(await first.prepareForDownload(entry));
    await progressReaches(first, 'clear-mp4', 0.3);
    const paused = await first.pauseDownload('clear-mp4');
    expect(paused.state).to.equal('paused');
    await first.destroy();
    expect(await occurrences(token), 'the token at rest while paused').to.deep.equal([]);
    await setFaults(scope, []);
    const gets = () => serverState(scope).then((s) => s.log.filter((e) => e.method === 'GET' && e.path.endsWith('video.mp4')));
    expect((await gets()).every((e) => e.effects.latencyMs === 1), 'the first run used the full URL').to.be.true;

    // "After a reload": a manager that never saw the full URLs.
    const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }), strip);
    try {
      const without = await rejects(second.resumeDownload('clear-mp4'));
      expect(without.code).to.equal('INVALID_STATE');
      expect(without.details).to.include({ reason: 'needs-full-urls' });
      const stored = await second.getAssetStatus('clear-mp4');
      const withStored = await rejects(second.resumeDownload('clear-mp4', { entry: stored.entry }));
      expect(withStored.code, 'the stored entry has no token to give').to.equal('INVALID_STATE');
      const elsewhere = signed({ ...plain, sources: [{ ...plain.sources[0], contentUrl: plain.sources[0].contentUrl.replace('video.mp4', 'other.mp4') }] }, { token });
      expect((await rejects(second.resumeDownload('clear-mp4', { entry: elsewhere }))).code, 'another file').to.equal('INVALID_ARGUMENT');
      expect((await rejects(second.resumeDownload('clear-mp4', { entry: { id: 42 } }))).code).to.equal('INVALID_ENTRY');
      const after = await second.getAssetStatus('clear-mp4');
      expect([after.state, after.reason, after.bytesDownloaded], 'the refusals changed nothing').to.deep.equal([stored.state, stored.reason, stored.bytesDownloaded]);

      const freshToken = `SECRET${crypto.randomUUID().replaceAll('-', '')}`;
      await second.resumeDownload('clear-mp4', { entry: signed(plain, { token: freshToken, __latency: '1' }) });
      expect((await second.whenDownloaded('clear-mp4')).state).to.equal('completed');
      const all = await gets();
      expect(all.length).to.be.greaterThan(1);
      expect(all.at(-1)!.effects.latencyMs, 'the resumed run used the fresh full URL').to.equal(1);
      expect(all.at(-1)!.range).to.match(/^bytes=\d+-$/);
      expect(await occurrences(token)).to.deep.equal([]);
      expect(await occurrences(freshToken)).to.deep.equal([]);
      const local = await second.createLocalMediaEntry('clear-mp4');
      await withNetworkCut(() => playsFor(local));
    } finally {
      await second.removeAsset('clear-mp4');
      await second.destroy();
    }
  });

  it('after a reload, <download-button> resumes with its own entry (fresh tokens)', async () => {
    const scope = newScope('strip-button');
    const name = storeName();
    const plain = await fixtureEntry('clear-mp4', scope);
    const strip = { stripQueryParameters: ['token'] };
    const first = new LocalAssetsManager(new DefaultLocalDataStore({ name }), strip);
    await setFaults(scope, [{ match: 'video\\.mp4$', methods: ['GET'], bytesPerSecond: 250_000 }]);
    await first.startDownload(await first.prepareForDownload(signed(plain, { token: 'first-token' })));
    await progressReaches(first, 'clear-mp4', 0.3);
    await first.pauseDownload('clear-mp4');
    await first.destroy();
    await setFaults(scope, []);
    const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }), strip);
    try {
      const button = await fixture<DownloadButtonElement>(html`<download-button .manager=${second} .entry=${signed(plain, { token: 'fresh-token' })}></download-button>`);
      await waitForState(button, 'paused');
      button.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
      await waitForState(button, 'completed', 20000);
      expect(await occurrences('fresh-token')).to.deep.equal([]);
    } finally {
      await second.removeAsset('clear-mp4');
      await second.destroy();
    }
  });

  it('a download stopped before its manifest was stored is planned again from the fresh entry (full URLs)', async () => {
    const scope = newScope('strip-replan');
    const name = storeName();
    const plain = await fixtureEntry('clearkey-dash', scope);
    // `__latency` is acted on (and logged) by the server: stripped too, it shows which URL the manifest request used.
    const strip = { stripQueryParameters: ['token', '__latency'] };
    const first = new LocalAssetsManager(new DefaultLocalDataStore({ name }), strip);
    // The licence is fetched before the manifest is stored: a slow one holds the run there.
    await setFaults(scope, [{ match: '/license/', latencyMs: 3000 }]);
    const started = first.startDownload(await first.prepareForDownload(signed(plain, { token: 'one', __latency: '1' })));
    await waitUntil(async () => (await serverState(scope)).log.some((e) => e.path.startsWith('/license/')), 'the licence was asked for', { timeout: 10000 });
    await first.destroy();
    expect((await started).state, 'it had started, and stopped while preparing').to.equal('preparing');
    await setFaults(scope, []);
    const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }), strip);
    try {
      const stopped = await second.getAssetStatus('clearkey-dash');
      expect(stopped.state, 'stopped before its manifest was stored').to.equal('paused');
      const before = (await serverState(scope)).log.length;
      await second.resumeDownload('clearkey-dash', { entry: signed(plain, { token: 'two', __latency: '1' }) });
      expect((await second.whenDownloaded('clearkey-dash')).state).to.equal('completed');
      const manifests = (await serverState(scope)).log.slice(before).filter((e) => e.path.endsWith('.mpd'));
      expect(manifests.length, 'the manifest was read again').to.be.greaterThan(0);
      expect(manifests.every((e) => e.effects.latencyMs === 1), 'with the fresh entry’s full URL').to.be.true;
      expect(await occurrences('token=two')).to.deep.equal([]);
    } finally {
      await second.removeAsset('clearkey-dash');
      await second.destroy();
    }
  });
});
