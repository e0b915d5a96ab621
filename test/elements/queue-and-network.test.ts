// The elements show the queue and the network rule: <download-button> says
// "Queued (2nd)" (a click takes it out of the queue, the cancel control
// removes it) and "Waiting for Wi-Fi" (reason metered), in every built-in
// language; <offline-downloads> lists queued downloads with their place and
// "Download next".
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-downloads/offline-downloads.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { OfflineDownloadsElement } from '../../src/elements/offline-downloads/offline-downloads.js';
import type { LocalAssetsManager, MediaEntry } from '../../src/index.js';
import { cdp, engine } from '../support/browser.js';
import { newScope } from '../support/media.js';
import { emulate, queueEntries, throttle } from '../queue/helpers.js';
import { isolatedManager, removeAll, waitForState } from './helpers.js';

const label = (el: DownloadButtonElement) => el.shadowRoot!.querySelector('[part=label]')!.textContent!.trim();
const press = (el: DownloadButtonElement) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function buttons(manager: LocalAssetsManager, entries: MediaEntry[], lang = 'en'): Promise<DownloadButtonElement[]> {
  const holder = await fixture<HTMLDivElement>(html`<div lang=${lang}></div>`);
  holder.innerHTML = entries.map(() => '<download-button></download-button>').join('');
  const els = [...holder.querySelectorAll('download-button')];
  els.forEach((el, i) => {
    el.manager = manager;
    el.entry = entries[i];
  });
  await waitUntil(() => els.every((el, i) => el.effectiveAssetId === entries[i].id));
  return els;
}

describe('the queue and the network rule in the elements', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  afterEach(async () => {
    if ((await engine()).protocol === 'cdp') await cdp('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await removeAll(manager);
  });

  it('<download-button>: "Queued (2nd)" in en, fr, de, es; a click takes it out of the queue; cancel removes it', async () => {
    manager = isolatedManager('queue-button', { maxConcurrentDownloads: 1 });
    scope = newScope('queue-button');
    const entries = await queueEntries(scope, 3);
    await throttle(scope, 3, 10_000, 50);
    const [b0, b1, b2] = await buttons(manager, entries);
    for (const b of [b0, b1, b2]) {
      press(b);
      await waitUntil(() => b.state === 'downloading' || b.state === 'queued', 'started or queued', { timeout: 20000 });
    }
    await waitForState(b2, 'queued');
    expect([b1.state, b1.getAttribute('state'), label(b1)]).to.deep.equal(['queued', 'queued', 'Queued (1st)']);
    expect(label(b2)).to.equal('Queued (2nd)');
    expect(b2.shadowRoot!.querySelector('[part=secondary]'), 'a way to cancel').to.exist;
    await expect(b2).to.be.accessible();
    const words: Record<string, string> = { fr: 'En file d’attente (2e)', de: 'Wartet (2.)', es: 'En cola (2.º)' };
    for (const [lang, expected] of Object.entries(words)) {
      b2.setAttribute('lang', lang);
      await waitUntil(() => label(b2) === expected, `${lang}: "${expected}" (is "${label(b2)}")`, { timeout: 5000 });
    }
    b2.removeAttribute('lang');

    press(b1); // out of the queue: paused by the user
    await waitForState(b1, 'paused');
    expect([b1.reason, label(b1)]).to.deep.equal(['user', 'Resume download']);
    await waitUntil(() => label(b2) === 'Queued (1st)', 'the next one moves up');

    await b2.removeDownload();
    await waitForState(b2, 'none');
    expect(manager.downloadQueue).to.deep.equal([]);
  });

  it('<download-button>: "Waiting for Wi-Fi" (reason metered) in en, fr, de, es', async () => {
    manager = isolatedManager('metered-button', { downloadOn: 'unmetered' });
    scope = newScope('metered-button');
    // Chromium: an emulated cellular connection; Firefox has no navigator.connection: it waits all the same.
    if ((await engine()).protocol === 'cdp') await emulate('cellular3g');
    const [b] = await buttons(manager, await queueEntries(scope, 1));
    press(b);
    await waitForState(b, 'paused');
    expect([b.reason, b.getAttribute('reason'), label(b)]).to.deep.equal(['metered', 'metered', 'Waiting for Wi-Fi']);
    await expect(b).to.be.accessible();
    const words: Record<string, string> = { fr: 'En attente du Wi-Fi', de: 'Warten auf WLAN', es: 'Esperando wifi' };
    for (const [lang, expected] of Object.entries(words)) {
      b.setAttribute('lang', lang);
      await waitUntil(() => label(b) === expected, `${lang}: "${expected}" (is "${label(b)}")`, { timeout: 5000 });
    }
  });

  it('<offline-downloads>: queued rows with their place, and "Download next" moves one to the front', async () => {
    manager = isolatedManager('queue-list', { maxConcurrentDownloads: 1 });
    scope = newScope('queue-list');
    const entries = await queueEntries(scope, 3);
    await throttle(scope, 3, 10_000, 50);
    const list = await fixture<OfflineDownloadsElement>(html`<offline-downloads .manager=${manager}></offline-downloads>`);
    for (const entry of entries) await manager.startDownload(await manager.prepareForDownload(entry));
    const row = (id: string) => list.shadowRoot!.querySelector<HTMLElement>(`[part=item][data-asset-id="${id}"]`);
    const main = (id: string) => row(id)?.querySelector<HTMLButtonElement>('.action.main') ?? null;
    await waitUntil(() => /Queued \(2nd\)/.test(text(row('q2'))) && /Queued \(1st\)/.test(text(row('q1'))), 'queued rows with their place', { timeout: 10000 });
    expect(text(main('q2'))).to.equal('Download next');
    await expect(list).to.be.accessible();
    main('q2')!.click();
    await waitUntil(() => /Queued \(1st\)/.test(text(row('q2'))) && /Queued \(2nd\)/.test(text(row('q1'))), 'q2 moved to the front');
    expect(manager.downloadQueue).to.deep.equal(['q2', 'q1']);
  });
});
