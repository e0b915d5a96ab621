// Every state of every element, in a desktop (1280 x 800) and a phone
// (390 x 844) viewport: axe finds nothing, and at 320 px nothing overflows
// and no label wraps. The states come from canned status snapshots
// (demo/states/states-data.js, the same the gallery page and the screenshots
// show); the real paths to them are tested against the real manager.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';
import '../../src/elements/offline-downloads/offline-downloads.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { OfflineDownloadsElement } from '../../src/elements/offline-downloads/offline-downloads.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import type { LocalAssetsManager } from '../../src/index.js';
import { CannedManager, status as cannedStatus } from '../../demo/states/canned-manager.js';
import { assetStatus } from '../../src/service/registry/asset-status.js';
import { MB, STATES, entry, listFields, managerFor } from '../../demo/states/states-data.js';

const asManager = (m: CannedManager) => m as unknown as LocalAssetsManager;
/**
 * What these waits wait for loads chunks and Shaka (a player streaming, a
 * menu prepared with Shaka): open-wc's 1 s default timed out with both engines
 * running side by side. They return as soon as the thing is there.
 */
const SLOW = { timeout: 15000 };
const EXPECTED: Record<string, string> = {
  none: 'none', preparing: 'preparing', queued: 'queued', downloading: 'downloading', 'paused-user': 'paused', 'paused-interrupted': 'paused', 'paused-network': 'paused', 'paused-metered': 'paused',
  'failed-quota': 'failed', 'failed-error': 'failed', 'failed-unregistered': 'failed', completed: 'completed', expired: 'completed', corrupt: 'failed',
  unavailable: 'failed', disabled: 'none',
};
/** What the overlay of a player gives a compact button: light on dark. */
const DARK = '--download-button-color:#fff;--download-button-accent:#fff;--download-button-border:rgb(255 255 255/.7);--download-button-track:rgb(255 255 255/.35);--download-button-background:rgb(0 0 0/.55);--download-button-error-color:#fca5a5;background:#111827;color:#fff;padding:.5rem';

async function buttonIn(holder: HTMLElement, key: string, { compact = false, lang = '' } = {}): Promise<DownloadButtonElement> {
  const id = `${key}${compact ? '-c' : ''}${lang}`;
  const box = document.createElement('div');
  if (compact) box.setAttribute('style', DARK);
  const el = document.createElement('download-button');
  el.manager = asManager(managerFor(key, id, 'Night Train to Lisbon'));
  el.compact = compact;
  if (lang) el.setAttribute('lang', lang);
  el.disabled = !!STATES[key].disabled;
  el.entry = STATES[key].invalid ? ({ id, sources: [] } as never) : entry(id, 'Night Train to Lisbon');
  el.assetId = id;
  box.append(el);
  holder.append(box);
  // A download that fails while preparing is shown and fired (download() itself rejects only when there is no entry).
  if (STATES[key].prepareError) await el.download();
  await waitUntil(() => el.state === EXPECTED[key], `${key}: state ${EXPECTED[key]} (is ${el.state})`, SLOW);
  if (STATES[key].prepareError) expect(el.error?.code, 'the canned failure').to.equal('NETWORK_ERROR');
  await el.localeReady;
  return el;
}

async function playerIn(holder: HTMLElement, manager: CannedManager, attributes: Record<string, string> = {}): Promise<OfflinePlayerElement> {
  const el = document.createElement('offline-player');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.manager = asManager(manager);
  el.muted = true;
  el.controls = true;
  el.entry = entry('p', 'Night Train to Lisbon');
  holder.append(el);
  return el;
}

async function listIn(holder: HTMLElement, manager: CannedManager, lang = ''): Promise<OfflineDownloadsElement> {
  const el = document.createElement('offline-downloads');
  if (lang) el.setAttribute('lang', lang);
  el.manager = asManager(manager);
  holder.append(el);
  await waitUntil(() => el.shadowRoot?.querySelector('[part=list], [part=empty]'), 'the list', SLOW);
  await el.localeReady;
  return el;
}

for (const viewport of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 390, height: 844 }]) {
  describe(`every state, ${viewport.name} (${viewport.width} x ${viewport.height})`, () => {
    before(() => setViewport({ width: viewport.width, height: viewport.height }));
    after(() => setViewport({ width: 800, height: 600 }));

    for (const compact of [false, true]) {
      it(`<download-button${compact ? ' compact' : ''}>: every state is accessible`, async () => {
        const holder = await fixture<HTMLDivElement>(html`<div></div>`);
        for (const key of Object.keys(STATES)) {
          const el = await buttonIn(holder, key, { compact });
          await expect(el, key).to.be.accessible();
        }
      });
    }

    it('<download-button> in French, German, Spanish is accessible', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      for (const lang of ['fr', 'de', 'es']) {
        for (const key of ['none', 'downloading', 'paused-network', 'completed', 'unavailable']) {
          const el = await buttonIn(holder, key, { lang });
          await expect(el, `${key} ${lang}`).to.be.accessible();
        }
      }
    });

    it('<download-button>: the menu open, the question open and a tooltip shown are accessible', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = await buttonIn(holder, 'none');
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part=menu-button]')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.shadowRoot!.querySelector('[part=menu] [role=menuitemradio]'), 'the menu', SLOW);
      const menu = el.shadowRoot!.querySelector<HTMLElement>('[part=menu]')!;
      const box = menu.getBoundingClientRect();
      expect(box.left >= 0 && box.right <= viewport.width && box.top >= 0 && box.bottom <= viewport.height, 'the menu is inside the viewport').to.be.true;
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });

      const done = await buttonIn(holder, 'completed');
      done.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.focus();
      await sendKeys({ press: 'Delete' });
      await waitUntil(() => done.shadowRoot!.querySelector<HTMLDialogElement>('[part=confirm]')?.open, 'the question', SLOW);
      await expect(done).to.be.accessible();
      await sendKeys({ press: 'Escape' });

      const compact = await buttonIn(holder, 'downloading', { compact: true });
      compact.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.focus();
      await sendKeys({ press: 'Shift' }); // keyboard focus: :focus-visible shows the tooltip
      const tip = compact.shadowRoot!.querySelector<HTMLElement>('[part=tooltip]')!;
      await waitUntil(() => getComputedStyle(tip).display !== 'none', 'the tooltip shows on keyboard focus', SLOW);
      expect(tip.textContent).to.equal('Pause download · 0.5 of 1.0 MB');
      // Its name is the words; the size is given once, by the progress bar.
      expect(compact.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Pause download');
      expect(compact.shadowRoot!.querySelector('[part=size]')!.getAttribute('aria-hidden')).to.equal('true');
      expect(compact.shadowRoot!.querySelector('[part=progress]')!.getAttribute('aria-valuetext')).to.equal('50% downloaded, 0.5 of 1.0 MB');
      await expect(compact).to.be.accessible();
    });

    it('<offline-player>: poster and title, the downloaded copy with a compact button, errors with details: accessible', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div style="max-width: 40rem"></div>`);
      const idle = await playerIn(holder, new CannedManager());
      await waitUntil(() => idle.currentSource !== null, 'streams', SLOW);
      expect(idle.shadowRoot!.querySelector('[part=title]')!.textContent).to.equal('Night Train to Lisbon');
      await expect(idle).to.be.accessible();
      const local = await playerIn(holder, new CannedManager({ p: { entry: entry('p', 'Night Train to Lisbon'), state: 'completed', bytesDownloaded: 452 * MB, estimatedTotalBytes: 452 * MB } }));
      const overlay = document.createElement('download-button');
      overlay.slot = 'overlay';
      overlay.compact = true;
      overlay.manager = local.manager;
      overlay.assetId = 'p';
      local.append(overlay);
      await waitUntil(() => local.local && overlay.state === 'completed', 'the downloaded copy plays', SLOW);
      expect(local.shadowRoot!.querySelector('[part=badge]')!.textContent).to.equal('Downloaded');
      await expect(local).to.be.accessible();
      const failed = await playerIn(holder, new CannedManager({}, { playable: null }), { 'error-details': '' });
      await waitUntil(() => failed.error, 'fails', SLOW);
      expect(failed.shadowRoot!.querySelector('[part=message]')!.textContent).to.equal('This video cannot be played in this browser.');
      // Clear of the native controls: the card ends above the bottom 4rem of the video.
      const card = failed.shadowRoot!.querySelector('.card')!.getBoundingClientRect();
      const video = failed.video.getBoundingClientRect();
      expect(card.bottom).to.be.at.most(video.bottom - 60);
      await expect(failed).to.be.accessible();
      const french = await playerIn(holder, new CannedManager({}, { playable: null }), { lang: 'fr' });
      await waitUntil(() => french.errorMessage === 'Cette vidéo ne peut pas être lue dans ce navigateur.', 'in French', SLOW);
      await expect(french).to.be.accessible();
    });

    it('<offline-downloads>: every state, in French, and empty: accessible', async () => {
      const holder = await fixture<HTMLDivElement>(html`<div></div>`);
      const list = await listIn(holder, new CannedManager(listFields(), { storage: { usage: 1.6 * 1024 * MB, quota: 10 * 1024 * MB, persisted: true } }));
      await waitUntil(() => list.shadowRoot!.querySelectorAll('[part=item]').length === 10, 'ten downloads', SLOW);
      await expect(list).to.be.accessible();
      const french = await listIn(holder, new CannedManager(listFields()), 'fr');
      await waitUntil(() => french.shadowRoot!.textContent!.includes('Télécharg'), 'in French', SLOW);
      await expect(french).to.be.accessible();
      const empty = await listIn(holder, new CannedManager({}));
      expect(empty.shadowRoot!.querySelector('[part=empty]')!.textContent).to.contain('No downloads yet');
      await expect(empty).to.be.accessible();
    });
  });
}

describe('at 320 px', () => {
  before(() => setViewport({ width: 320, height: 640 }));
  after(() => setViewport({ width: 800, height: 600 }));

  it('nothing overflows and no label wraps: every state of every element, in every language', async () => {
    const holder = await fixture<HTMLDivElement>(html`<div style="padding: 0 1rem"></div>`);
    const buttons: DownloadButtonElement[] = [];
    for (const lang of ['', 'fr', 'de', 'es']) {
      for (const key of Object.keys(STATES)) {
        buttons.push(await buttonIn(holder, key, { lang }));
        buttons.push(await buttonIn(holder, key, { lang, compact: true }));
      }
    }
    const player = await playerIn(holder, new CannedManager({}, { playable: null }), { 'error-details': '', lang: 'de' });
    await waitUntil(() => player.error, 'the player fails', SLOW);
    for (const lang of ['', 'fr', 'de', 'es']) await listIn(holder, new CannedManager(listFields()), lang);
    await listIn(holder, new CannedManager({}));
    const root = document.scrollingElement!;
    expect(root.scrollWidth, 'no horizontal scroll').to.be.at.most(root.clientWidth);
    for (const el of [...holder.querySelectorAll<HTMLElement>('download-button, offline-player, offline-downloads')]) {
      expect(el.getBoundingClientRect().right, el.localName).to.be.at.most(320);
      for (const inner of el.shadowRoot!.querySelectorAll<HTMLElement>('[part=item], [part=button], [part=secondary], .action')) {
        expect(inner.getBoundingClientRect().right, `${el.localName} ${inner.className}`).to.be.at.most(320);
      }
    }
    for (const el of buttons) {
      const label = el.shadowRoot!.querySelector<HTMLElement>('[part=label]')!;
      if (el.compact) continue;
      const lineHeight = parseFloat(getComputedStyle(label).fontSize) * 1.2;
      expect(label.getBoundingClientRect().height, `"${label.textContent}" on one line`).to.be.below(lineHeight * 1.5);
    }
  });
});

describe('the canned statuses of the gallery', () => {
  it('have exactly the fields of the real manager’s status (what the elements read is what they will get)', () => {
    expect(Object.keys(cannedStatus('x')).sort()).to.deep.equal(Object.keys(assetStatus('x', null, null)).sort());
    expect(cannedStatus('x')).to.deep.equal(assetStatus('x', null, null));
  });
});
