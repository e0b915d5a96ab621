import { expect, fixture, html, oneEvent, waitUntil, elementUpdated } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import type { LocalAssetsManager, MediaEntry } from '../../src/index.js';
import { fixtureEntry, newScope, setFaults } from '../support/media.js';
import { isolatedManager, removeAll, waitForState } from './helpers.js';

describe('<download-button>', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  let entry: MediaEntry;

  beforeEach(async () => {
    manager = isolatedManager('button');
    scope = newScope('button');
    entry = await fixtureEntry('clear-dash', scope);
  });
  afterEach(async () => {
    await removeAll(manager);
  });

  async function button(): Promise<DownloadButtonElement> {
    const el = await fixture<DownloadButtonElement>(html`<download-button .manager=${manager} .entry=${entry}></download-button>`);
    await waitUntil(() => el.effectiveAssetId === 'clear-dash');
    return el;
  }

  it('is accessible in every state and reflects state and progress', async () => {
    // Slow segments, so "downloading" and "paused" can be seen.
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 150 }]);
    const el = await button();
    expect(el.state).to.equal('none');
    expect(el.getAttribute('state')).to.equal('none');
    await expect(el).to.be.accessible();

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
    await waitForState(el, 'downloading');
    await waitUntil(() => el.progress > 0, 'some progress');
    expect(el.getAttribute('progress')).to.equal(String(el.progress));
    const bar = el.shadowRoot!.querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-label'), 'the progress bar has a name').to.equal('Download progress');
    expect(bar.getAttribute('aria-valuenow')).to.equal(String(el.progress));
    // The percent, then the size of the total, as it shows ("0.5 of 1.0 MB"; this fixture is under a megabyte).
    expect(bar.getAttribute('aria-valuetext')).to.match(new RegExp(`^${el.progress}% downloaded, \\d+ of \\d+ KB$`));
    expect(el.shadowRoot!.querySelector('[part=size]')!.textContent).to.match(/^\d+ of \d+ KB$/);
    await expect(el).to.be.accessible();

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
    await waitForState(el, 'paused');
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[part=button]')!.textContent).to.contain('Resume download');

    await setFaults(scope, []);
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
    await waitForState(el, 'completed');
    expect(el.progress).to.equal(100);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.querySelector('[part=secondary]')!.textContent!.trim()).to.equal('Remove download');
  });

  it('shows failed, with the error, when the download cannot start', async () => {
    const broken = await fixtureEntry('broken', scope);
    const el = await fixture<DownloadButtonElement>(html`<download-button .manager=${manager} .entry=${broken}></download-button>`);
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click());
    const { detail } = await oneEvent(el, 'download-error');
    expect(detail.assetId).to.equal('broken');
    expect(detail.error.code).to.equal('MANIFEST_ERROR');
    await waitForState(el, 'failed');
    expect(el.error?.code).to.equal('MANIFEST_ERROR');
    // The technical text stays on the error; the live region says it in human words, without URLs or Shaka's codes.
    expect(el.error!.message).to.contain('could be prepared');
    const said = el.shadowRoot!.querySelector('[role=status]')!.textContent!;
    expect(said).to.equal('This video is not available right now.');
    expect(el.shadowRoot!.textContent).to.not.match(/https?:|Shaka|manifest/i);
    // Nothing was stored: nothing to cancel.
    expect(el.shadowRoot!.querySelector('[part=secondary]'), 'no cancel button').to.be.null;
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Retry download');
    await expect(el).to.be.accessible();
  });

  it('round-trips its attributes and properties', async () => {
    const el = await fixture<DownloadButtonElement>(
      html`<download-button for="p1" asset-id="a1" quality="180" audio-languages="fr" subtitles="none" label-download="Télécharger" disabled></download-button>`,
    );
    expect(el.for).to.equal('p1');
    expect(el.assetId).to.equal('a1');
    expect(el.disabled).to.be.true;
    expect(el.selection).to.deep.equal({ videoHeight: 180, audioLanguages: ['fr'], textLanguages: 'none' });
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Télécharger');
    el.assetId = 'a2';
    el.quality = '720';
    el.audioLanguages = 'all';
    el.subtitles = '';
    el.disabled = false;
    el.labels = { download: 'Herunterladen' };
    el.removeAttribute('label-download');
    await elementUpdated(el);
    expect(el.getAttribute('asset-id')).to.equal('a2');
    expect(el.hasAttribute('disabled')).to.be.false;
    expect(el.selection).to.deep.equal({ videoHeight: 720, textLanguages: 'all' });
    expect(el.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Herunterladen');
    el.subtitles = 'en fr';
    expect(el.selection.textLanguages).to.deep.equal(['en', 'fr']);
  });

  it('fires cancelable download-request and remove-request first', async () => {
    const el = await button();
    const cancel = (e: Event) => e.preventDefault();
    el.addEventListener('download-request', cancel);
    setTimeout(() => void el.download());
    const request = await oneEvent(el, 'download-request');
    expect(request.detail).to.include({ assetId: 'clear-dash', action: 'start' });
    expect(request.detail.entry.id).to.equal('clear-dash');
    expect(request.cancelable && request.bubbles && request.composed).to.be.true;
    await new Promise((r) => setTimeout(r, 300));
    expect(el.state).to.equal('none');
    expect((await manager.getAssetStatus('clear-dash')).registered).to.be.false;
    el.removeEventListener('download-request', cancel);

    await el.download();
    await waitForState(el, 'completed');
    el.addEventListener('remove-request', cancel, { once: true });
    setTimeout(() => void el.removeDownload());
    const remove = await oneEvent(el, 'remove-request');
    expect(remove.detail).to.deep.equal({ assetId: 'clear-dash', cancel: false });
    await new Promise((r) => setTimeout(r, 200));
    expect((await manager.getAssetStatus('clear-dash')).state).to.equal('completed');
    await el.removeDownload();
    await waitForState(el, 'none');
    expect((await manager.getAssetStatus('clear-dash')).registered).to.be.false;
  });

  it('re-dispatches the manager events, bubbling and composed, with their details', async () => {
    const el = await button();
    const seen: Record<string, CustomEvent[]> = {};
    const types = ['download-progress', 'download-state-change', 'registration-change'];
    const listener = (e: Event) => (seen[e.type] ??= []).push(e as CustomEvent);
    for (const type of types) document.addEventListener(type, listener);
    try {
      await el.download();
      await waitForState(el, 'completed');
      await waitUntil(() => seen['registration-change']?.some((e) => e.detail.change === 'updated'));
    } finally {
      for (const type of types) document.removeEventListener(type, listener);
    }
    const progress = seen['download-progress'].map((e) => e.detail);
    expect(progress.at(-1)).to.include({ assetId: 'clear-dash', fraction: 1 });
    expect(progress[0]).to.have.keys('assetId', 'bytesDownloaded', 'estimatedTotalBytes', 'fraction');
    expect(seen['download-state-change'].map((e) => e.detail.state)).to.include.members(['preparing', 'downloading', 'completed']);
    expect(seen['download-state-change'].every((e) => e.bubbles && e.composed && e.target === el)).to.be.true;
    expect(seen['registration-change'].map((e) => e.detail.change)).to.deep.equal(['registered', 'updated']);
    expect(seen['registration-change'][1].detail.status.state).to.equal('completed');
  });

  it('works with the keyboard alone: download, pause, resume, cancel with confirmation', async () => {
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 200 }]);
    const el = await button();
    const focused = () => el.shadowRoot!.activeElement;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitForState(el, 'downloading');
    // ' ' (not 'Space'): puppeteer's WebDriver BiDi keyboard knows no key named 'Space'.
    await sendKeys({ press: ' ' });
    await waitForState(el, 'paused');
    await sendKeys({ press: ' ' }); // not 'Space': puppeteer's BiDi keyboard (Firefox) has no key of that name
    await waitUntil(() => el.state === 'downloading' && el.reason === null, 'resumed', { timeout: 10000 });
    await sendKeys({ press: ' ' }); // not 'Space': puppeteer's BiDi keyboard (Firefox) has no key of that name
    await waitForState(el, 'paused');
    await sendKeys({ press: 'Tab' });
    expect(focused()?.getAttribute('part')).to.equal('secondary');
    // Cancel asks first: focus goes to "Keep" (the harmless answer); Escape keeps the download.
    let removals = 0;
    el.addEventListener('remove-request', () => removals++);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused()?.classList.contains('keep'), 'the question, with focus on Keep');
    const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('[part=confirm]')!;
    expect(dialog.open && dialog.getAttribute('role')).to.equal('alertdialog');
    expect(dialog.textContent).to.contain('Cancel this download?').and.contain('Clear DASH (test pattern)');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => focused()?.getAttribute('part') === 'secondary', 'focus back on the cancel button');
    expect(removals).to.equal(0);
    expect(el.state).to.equal('paused');
    // Delete on the main control asks too; Tab to "Cancel download", Enter.
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.focus();
    await sendKeys({ press: 'Delete' });
    await waitUntil(() => focused()?.classList.contains('keep'), 'asked again');
    await sendKeys({ press: 'Tab' });
    expect(focused()?.textContent).to.equal('Cancel download');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const { detail } = await oneEvent(el, 'remove-request');
    expect(detail).to.deep.equal({ assetId: 'clear-dash', cancel: true });
    await waitForState(el, 'none');
    expect(focused()?.getAttribute('part'), 'focus on the main control').to.equal('button');
  });

  describe('for= linking', () => {
    async function linked(markup: ReturnType<typeof html>) {
      const root = await fixture<HTMLDivElement>(markup);
      return root;
    }

    it('finds a player declared before it', async () => {
      const root = await linked(html`<div><offline-player id="pa" muted .manager=${manager} .entry=${entry}></offline-player><download-button for="pa"></download-button></div>`);
      const el = root.querySelector('download-button')!;
      await waitUntil(() => el.player !== null);
      expect(el.player).to.equal(root.querySelector('offline-player'));
      expect(el.manager, 'uses the player’s manager').to.equal(manager);
      expect(el.effectiveAssetId).to.equal('clear-dash');
    });

    it('finds a player added after it', async () => {
      const root = await linked(html`<div><download-button for="pb"></download-button></div>`);
      const el = root.querySelector('download-button')!;
      expect(el.player).to.equal(null);
      expect(el.effectiveAssetId).to.equal(null);
      const player = document.createElement('offline-player') as OfflinePlayerElement;
      player.id = 'pb';
      player.muted = true;
      player.manager = manager;
      player.entry = entry;
      root.append(player);
      await waitUntil(() => el.player === player, 'linked later');
      await waitUntil(() => el.effectiveAssetId === 'clear-dash');
    });

    it('follows a changed id and a changed for', async () => {
      const root = await linked(html`<div><offline-player id="pc" muted .manager=${manager} .entry=${entry}></offline-player><download-button for="pc"></download-button><download-button for="pd"></download-button></div>`);
      const [first, second] = root.querySelectorAll('download-button');
      const player = root.querySelector('offline-player')!;
      await waitUntil(() => first.player === player);
      player.id = 'pd';
      await waitUntil(() => second.player === player && first.player === null, 'the id moved');
      first.for = 'pd';
      await waitUntil(() => first.player === player, 'for changed');
    });
  });

  it('keeps any number of buttons in sync, including one added later', async () => {
    const root = await fixture<HTMLDivElement>(html`<div>
      <download-button .manager=${manager} .entry=${entry}></download-button>
      <download-button .manager=${manager} .entry=${entry}></download-button>
    </div>`);
    const [a, b] = root.querySelectorAll('download-button');
    // Every state the manager announces, as b shows it at that moment: b must
    // follow a's download through 'downloading' to 'completed', however fast.
    const seenByB: string[] = [];
    b.addEventListener('download-state-change', (e) => seenByB.push(`${e.detail.state}:${b.state}`));
    await a.download();
    await waitForState(a, 'completed');
    await waitForState(b, 'completed');
    expect(seenByB).to.include('downloading:downloading');
    expect(seenByB.indexOf('downloading:downloading')).to.be.lessThan(seenByB.indexOf('completed:completed'));
    const late = document.createElement('download-button');
    late.manager = manager;
    late.entry = entry;
    root.append(late);
    await waitForState(late, 'completed');
    await b.removeDownload();
    await Promise.all([waitForState(a, 'none'), waitForState(late, 'none')]);
  });
});
