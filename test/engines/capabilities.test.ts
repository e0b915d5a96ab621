// What this browser engine offers the library, measured by feature detection
// (never by its name). Every engine runs it; it asserts only what the
// library cannot work without and logs the rest as one JSON line per probe,
// the source of the tables in docs/ENGINES.md.
import { expect } from '@open-wc/testing';
import { engine, resetPermissions, setPermission } from '../support/browser.js';
import { openRemotePage } from '../support/frames.js';
import { loadShaka } from '../../src/service/shaka/shaka.js';

const report: Record<string, unknown> = {};
function record(name: string, value: unknown) {
  report[name] = value;
  console.log(`capability ${name}: ${JSON.stringify(value)}`);
}

const within = <T>(promise: Promise<T>, ms: number, label = 'timeout'): Promise<T | string> =>
  Promise.race([promise, new Promise<string>((r) => setTimeout(() => r(`${label} after ${ms} ms`), ms))]);
const settle = <T>(promise: Promise<T>) => promise.then((v) => v, (e: Error) => `${e?.name ?? 'Error'}: ${e?.message ?? e}`);

const CLEARKEY = 'org.w3.clearkey';
const emeConfig = (sessionType: MediaKeySessionType): MediaKeySystemConfiguration[] => [
  {
    initDataTypes: ['cenc', 'keyids'],
    videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.42E01E"' }],
    audioCapabilities: [{ contentType: 'audio/mp4; codecs="mp4a.40.2"' }],
    persistentState: sessionType === 'temporary' ? 'optional' : 'required',
    sessionTypes: [sessionType],
  },
];

/** Creates a session of `type` and asks it for a licence request ('keyids' init data). */
async function emeSession(type: MediaKeySessionType): Promise<string> {
  const access = await navigator.requestMediaKeySystemAccess(CLEARKEY, emeConfig(type));
  const keys = await access.createMediaKeys();
  const session = keys.createSession(type);
  const message = new Promise<string>((resolve) => session.addEventListener('message', (e) => resolve(`message ${(e as MediaKeyMessageEvent).messageType}`), { once: true }));
  const kid = 'AAAAAAAAAAAAAAAAAAAAAA';
  await session.generateRequest('keyids', new TextEncoder().encode(JSON.stringify({ kids: [kid] })));
  const result = await within(message, 5000);
  await session.close().catch(() => {}); // cleanup: ignore closing a probe's session
  return result;
}

describe('engine capabilities (measured)', () => {
  it('the engine', async () => {
    record('engine', { ...(await engine()), userAgent: navigator.userAgent });
  });

  it('Media Source Extensions and native playback: the codecs of the fixtures are supported', () => {
    const types = [
      'video/mp4; codecs="avc1.42E01E"',
      'video/mp4; codecs="avc1.42c01e"',
      'video/mp4; codecs="avc1.4d401e"',
      'video/mp4; codecs="avc1.640028"',
      'audio/mp4; codecs="mp4a.40.2"',
      'video/webm; codecs="vp9"',
      'video/mp4; codecs="vp09.00.10.08"',
      'audio/webm; codecs="opus"',
      'audio/mp4; codecs="opus"',
    ];
    const mse = Object.fromEntries(types.map((t) => [t, typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(t)]));
    const video = document.createElement('video');
    const native = Object.fromEntries(['video/mp4', 'video/mp4; codecs="avc1.42E01E, mp4a.40.2"', 'application/vnd.apple.mpegurl', 'audio/mpeg'].map((t) => [t, video.canPlayType(t)]));
    record('mse', mse);
    record('canPlayType', native);
    record('ManagedMediaSource', 'ManagedMediaSource' in window);
    expect(mse['video/mp4; codecs="avc1.42c01e"'], 'H.264 Baseline in MSE').to.be.true;
    expect(mse['audio/mp4; codecs="mp4a.40.2"'], 'AAC-LC in MSE').to.be.true;
  });

  it('EME ClearKey: temporary sessions work; persistent-license is measured', async () => {
    const temporary = await settle(emeSession('temporary'));
    const persistentAccess = await settle(navigator.requestMediaKeySystemAccess(CLEARKEY, emeConfig('persistent-license')).then(() => 'granted'));
    const persistent = persistentAccess === 'granted' ? await settle(emeSession('persistent-license')) : persistentAccess;
    const widevine = await settle(navigator.requestMediaKeySystemAccess('com.widevine.alpha', emeConfig('temporary')).then(() => 'granted'));
    record('eme', { temporary, persistentLicense: persistent, widevine });
    expect(temporary).to.equal('message license-request');
  });

  it('Shaka Player: browser support, probeSupport, offline storage support', async () => {
    const shaka = await loadShaka();
    const support = await shaka.Player.probeSupport();
    const drm = Object.fromEntries(Object.entries(support.drm).map(([k, v]) => [k, v ? { persistentState: v.persistentState } : null]));
    record('shaka', {
      browserSupported: shaka.Player.isBrowserSupported(),
      offlineStorage: shaka.offline.Storage.support(),
      drm,
      media: Object.fromEntries(Object.entries(support.media).filter(([k]) => /avc1|mp4a|vp9|vp09|opus/.test(k))),
    });
    expect(shaka.offline.Storage.support()).to.be.true;
  });

  it('IndexedDB keeps Blobs and ArrayBuffers', async () => {
    const name = `engine-probe-${Date.now()}`;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = (mode: IDBTransactionMode) => db.transaction('s', mode).objectStore('s');
    const put = (key: string, value: unknown) => new Promise((r, j) => { const q = tx('readwrite').put(value, key); q.onsuccess = r; q.onerror = () => j(q.error); });
    const get = (key: string) => new Promise<unknown>((r, j) => { const q = tx('readonly').get(key); q.onsuccess = () => r(q.result); q.onerror = () => j(q.error); });
    await put('blob', new Blob([new Uint8Array(1000)], { type: 'video/mp4' }));
    await put('buffer', new Uint8Array(1000).buffer);
    const blob = (await get('blob')) as Blob;
    const buffer = (await get('buffer')) as ArrayBuffer;
    db.close();
    indexedDB.deleteDatabase(name);
    record('indexedDB', { blob: blob instanceof Blob && blob.size === 1000, arrayBuffer: buffer.byteLength === 1000, databases: typeof indexedDB.databases === 'function' });
    expect(blob.size).to.equal(1000);
  });

  it('storage: estimate, persisted, persist() (without and with the permission granted)', async () => {
    const estimate = await navigator.storage.estimate();
    const persistedBefore = await navigator.storage.persisted();
    const persistAsked = await within(settle(navigator.storage.persist()), 3000, 'still pending');
    // Granting is measured on an origin of its own: Firefox keeps an origin
    // persisted after the permission is reset, which would leak into the
    // tests of this origin that run later.
    const origin = `http://127.0.0.4:${location.port}`;
    let granted: unknown;
    try {
      await setPermission(origin, 'persistent-storage', 'granted');
      const page = await openRemotePage(origin);
      try {
        granted = await page.call(async () => {
          const persist = await navigator.storage.persist();
          const after = await navigator.storage.estimate();
          return { persist, persisted: await navigator.storage.persisted(), quotaWhenPersisted: after.quota };
        });
      } finally {
        await page.close();
      }
    } catch (e) {
      granted = `failed: ${(e as Error).message}`;
    } finally {
      await resetPermissions().catch(() => {}); // cleanup: ignore restoring the default permissions
    }
    record('storage', {
      quota: estimate.quota,
      usage: estimate.usage,
      persistedBefore,
      persistWithoutPermission: persistAsked,
      withPermissionGranted: granted,
      opfs: typeof navigator.storage.getDirectory === 'function',
    });
  });

  it('Web Locks, BroadcastChannel between same-origin frames, requestIdleCallback, Network Information, Background Fetch', async () => {
    const locks = 'locks' in navigator ? await navigator.locks.request('engine-probe', async () => 'held') : 'absent';
    const channel = new BroadcastChannel('engine-probe');
    const received = new Promise<string>((r) => (channel.onmessage = (e) => r(String(e.data))));
    const frame = document.createElement('iframe');
    frame.srcdoc = "<script>new BroadcastChannel('engine-probe').postMessage('from the frame')</script>";
    document.body.append(frame);
    const broadcast = await within(received, 3000);
    channel.close();
    frame.remove();
    const idle = typeof requestIdleCallback === 'function' ? await within(new Promise((r) => requestIdleCallback(() => r('ran'))), 3000) : 'absent';
    record('platform', {
      webLocks: locks,
      broadcastChannel: broadcast,
      requestIdleCallback: idle,
      networkInformation: 'connection' in navigator,
      backgroundFetch: 'BackgroundFetchManager' in window,
      serviceWorkerContainer: 'serviceWorker' in navigator,
      onLine: navigator.onLine,
    });
  });

  for (const host of ['localhost', '127.0.0.1']) {
    it(`a service worker registers and activates on http://${host}`, async () => {
      const register = async () => {
        const registration = await navigator.serviceWorker.register('/test/engines/probe-sw.js', { scope: '/test/engines/' });
        const worker = registration.installing ?? registration.waiting ?? registration.active!;
        if (worker.state !== 'activated') {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`stuck in ${worker.state}`)), 10000);
            worker.addEventListener('statechange', () => {
              if (worker.state === 'activated') (clearTimeout(timer), resolve());
            });
          });
        }
        const answer = await new Promise((resolve) => {
          navigator.serviceWorker.addEventListener('message', (e) => resolve(e.data), { once: true });
          worker.postMessage('what do you have');
          setTimeout(() => resolve('no answer'), 3000);
        });
        await registration.unregister();
        return { activated: true, inWorker: answer, backgroundFetchOnRegistration: 'backgroundFetch' in registration };
      };
      let result: unknown;
      if (location.hostname === host) {
        result = await settle(register());
      } else {
        const page = await openRemotePage(`http://${host}:${location.port}`);
        try {
          result = await page.call(new Function(`return (${register.toString()})()`) as () => Promise<unknown>).catch((e: Error) => `Error: ${e.message}`);
        } finally {
          await page.close();
        }
      }
      record(`serviceWorker ${host}`, result);
    });
  }
});
