// registerOfflineShell in the real browser: bad input is a typed error; a
// worker that cannot be installed is SERVICE_WORKER_ERROR; a good one
// installs, precaches the library's files and answers its version. (The
// journeys across page loads and the network cut are test/node/cold-start.)
import { expect } from '@open-wc/testing';
import { ErrorCode, VERSION, offlineShellVersion, registerOfflineShell } from '../../src/index.js';
import { rejects } from '../support/errors.js';
import { newScope } from '../support/media.js';

describe('registerOfflineShell', () => {
  it('refuses bad input with INVALID_ARGUMENT, before registering anything', async () => {
    const before = (await navigator.serviceWorker.getRegistrations()).length;
    for (const [args, pattern] of [
      [['https://elsewhere.example/offline-player-sw.js'], /served from this origin/],
      [['http://['], /is not a URL/],
      [['/offline-player-sw.js', null], /options must be an object/],
      [['/offline-player-sw.js', { scope: 5 }], /scope must be a string/],
    ] as Array<[unknown[], RegExp]>) {
      const error = await rejects((registerOfflineShell as (...a: unknown[]) => Promise<unknown>)(...args));
      expect(error.code, String(args[0])).to.equal(ErrorCode.INVALID_ARGUMENT);
      expect(error.message).to.match(pattern);
    }
    expect((await navigator.serviceWorker.getRegistrations()).length).to.equal(before);
  });

  it('a worker that cannot be installed (missing, or a scope it may not have) is SERVICE_WORKER_ERROR', async () => {
    const scope = newScope('sw-bad');
    const missing = await rejects(registerOfflineShell(`/t/${scope}/no-such-worker.js`));
    expect(missing.code).to.equal(ErrorCode.SERVICE_WORKER_ERROR);
    expect(missing.details.scriptUrl).to.contain('no-such-worker.js');
    const wide = await rejects(registerOfflineShell(`/t/${scope}/offline-player-sw.js`, { scope: '/' }));
    expect(wide.code).to.equal(ErrorCode.SERVICE_WORKER_ERROR);
  });

  it('installs, precaches the library from its URL, and answers its version', async () => {
    const scope = newScope('sw-good');
    const registration = (await registerOfflineShell(`/t/${scope}/offline-player-sw.js`, { scope: `/t/${scope}/`, libraryUrl: '/dist/' }))!;
    try {
      expect(registration.scope).to.equal(new URL(`/t/${scope}/`, location.href).href);
      const worker = registration.installing ?? registration.waiting ?? registration.active!;
      expect(new URL(worker.scriptURL).searchParams.get('lib')).to.equal(new URL('/dist/', location.href).href);
      if (worker.state !== 'activated') await new Promise((r) => worker.addEventListener('statechange', () => worker.state === 'activated' && r(null)));
      const precache = (await caches.keys()).find((name) => name.startsWith('workbox-precache') && name.includes(`/t/${scope}/`));
      expect(precache, 'a precache for this scope').to.be.a('string');
      const urls = (await (await caches.open(precache!)).keys()).map((r) => new URL(r.url).pathname);
      expect(urls).to.include('/dist/offline-player.iife.js');
      expect(urls.some((u) => /^\/dist\/bundle\/shaka-player\.compiled-es2021-[\w-]{8}\.js$/.test(u)), 'the lazy Shaka chunk too').to.be.true;
      expect(urls.every((u) => u.startsWith('/dist/')), 'only the library').to.be.true;
      // This page is not in the worker's scope: nothing controls it.
      expect(await offlineShellVersion()).to.be.null;
      expect(VERSION).to.equal('dev');
    } finally {
      await registration.unregister();
      for (const name of await caches.keys()) if (name.includes(`/t/${scope}/`)) await caches.delete(name);
    }
  });
});
