// <offline-downloads> against the real manager: a download appears with its
// state, size of total and progress; pause, resume and remove (with the
// question) by keyboard alone; play in the linked player with the network
// cut; the words follow `lang`.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/offline-downloads/offline-downloads.js';
import '../../src/elements/offline-player/offline-player.js';
import '../../src/elements/download-button/download-button.js';
import type { OfflineDownloadsElement } from '../../src/elements/offline-downloads/offline-downloads.js';
import type { LocalAssetsManager } from '../../src/index.js';
import { withNetworkCut } from '../support/browser.js';
import { fixtureEntry, newScope, setFaults, waitForPlayback } from '../support/media.js';
import { isolatedManager, removeAll } from './helpers.js';

const row = (list: OfflineDownloadsElement, id: string) => list.shadowRoot!.querySelector<HTMLElement>(`[part=item][data-asset-id="${id}"]`);
const text = (el: Element | null) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const focused = (list: OfflineDownloadsElement) => list.shadowRoot!.activeElement as HTMLElement | null;

describe('<offline-downloads>', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  beforeEach(() => {
    manager = isolatedManager('downloads');
    scope = newScope('downloads');
  });
  afterEach(async () => {
    await removeAll(manager);
  });

  it('shows a download as it goes, and pauses, resumes and removes it (after asking) by keyboard alone', async () => {
    const list = await fixture<OfflineDownloadsElement>(html`<offline-downloads .manager=${manager}></offline-downloads>`);
    await waitUntil(() => list.shadowRoot!.querySelector('[part=empty]'), 'the empty state');
    expect(text(list.shadowRoot!.querySelector('[part=empty]'))).to.contain('No downloads yet');
    await waitUntil(() => list.shadowRoot!.querySelector('[part=storage]'), 'the storage line');
    expect(text(list.shadowRoot!.querySelector('[part=storage]'))).to.match(/ of .* used/);
    await expect(list).to.be.accessible();

    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 250 }]);
    const entry = await fixtureEntry('clear-dash', scope);
    await manager.startDownload(await manager.prepareForDownload(entry));
    await waitUntil(() => /Downloading/.test(text(row(list, 'clear-dash'))), 'the download appears', { timeout: 10000 });
    const item = row(list, 'clear-dash')!;
    expect(text(item.querySelector('[part=title]'))).to.equal('Clear DASH (test pattern)');
    expect(text(item.querySelector('.kept'))).to.match(/^360p · English, French · subtitles: English · \d+ of \d+ KB$/);
    const bar = item.querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-label')).to.equal('Download progress');
    await expect(list).to.be.accessible();

    // Pause, resume: the one action that fits.
    const main = () => row(list, 'clear-dash')!.querySelector<HTMLButtonElement>('.action.main')!;
    expect(text(main())).to.equal('Pause');
    main().focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(main()) === 'Resume' && /Paused/.test(text(row(list, 'clear-dash'))), 'paused');
    expect(focused(list), 'focus stays on the action').to.equal(main());
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(main()) === 'Pause', 'downloading again');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(main()) === 'Resume', 'paused again');

    // Remove: asks first, then the list is empty and focus lands on the empty state.
    await sendKeys({ press: 'Tab' });
    expect(text(focused(list))).to.equal('Cancel');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused(list)?.classList.contains('keep'), 'the question');
    expect(text(list.shadowRoot!.querySelector('[part=confirm]'))).to.contain('Cancel this download?');
    await expect(list).to.be.accessible();
    await sendKeys({ press: 'Tab' });
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const { detail } = await oneEvent(list, 'remove-request');
    expect(detail).to.deep.equal({ assetId: 'clear-dash', cancel: true });
    await waitUntil(() => list.shadowRoot!.querySelector('[part=empty]'), 'empty again');
    await waitUntil(() => focused(list)?.getAttribute('part') === 'empty', 'focus on the empty state');
    expect((await manager.getAssetStatus('clear-dash')).registered).to.be.false;
  });

  it('plays a download in the linked player with the network cut, and says it is offline', async () => {
    const entry = await fixtureEntry('clear-mp4', scope);
    await manager.download(entry);
    const root = await fixture<HTMLDivElement>(html`<div>
      <offline-player id="dl-player" muted controls .manager=${manager}></offline-player>
      <offline-downloads for="dl-player" .manager=${manager}></offline-downloads>
    </div>`);
    const list = root.querySelector('offline-downloads')!;
    const player = root.querySelector('offline-player')!;
    await withNetworkCut(async () => {
      await waitUntil(() => list.shadowRoot!.querySelector('[part=offline]'), 'the offline note');
      expect(text(list.shadowRoot!.querySelector('[part=offline]'))).to.equal('You are offline: downloaded videos still play.');
      await waitUntil(() => /Downloaded/.test(text(row(list, 'clear-mp4'))), 'listed');
      await expect(list).to.be.accessible();
      const play = row(list, 'clear-mp4')!.querySelector<HTMLButtonElement>('.action.main')!;
      expect(text(play)).to.equal('Play');
      play.focus();
      setTimeout(() => void sendKeys({ press: 'Enter' }));
      const request = await oneEvent(list, 'play-request');
      expect(request.detail.assetId).to.equal('clear-mp4');
      await waitUntil(() => player.local, 'the player plays the download', { timeout: 10000 });
      await waitForPlayback(player.video, 1);
      expect(player.shadowRoot!.activeElement, 'focus moved to the player').to.equal(player.video);
      expect(text(player.shadowRoot!.querySelector('[part=offline-badge]'))).to.equal('Offline');
    });
  });

  it('a page can take over "Play" (play-request is cancelable); lang chooses the words', async () => {
    const entry = await fixtureEntry('clear-mp4', scope);
    await manager.download(entry);
    const root = await fixture<HTMLDivElement>(html`<div lang="de">
      <offline-player id="dl-player-2" muted .manager=${manager}></offline-player>
      <offline-downloads for="dl-player-2" .manager=${manager}></offline-downloads>
    </div>`);
    const list = root.querySelector('offline-downloads')!;
    const player = root.querySelector('offline-player')!;
    await list.localeReady;
    await waitUntil(() => /Heruntergeladen/.test(text(row(list, 'clear-mp4'))), 'in German');
    expect(text(row(list, 'clear-mp4')!.querySelector('.action.main'))).to.equal('Abspielen');
    list.addEventListener('play-request', (e) => e.preventDefault(), { once: true });
    row(list, 'clear-mp4')!.querySelector<HTMLButtonElement>('.action.main')!.click();
    await new Promise((r) => setTimeout(r, 500));
    expect(player.entry, 'the page took over').to.be.null;
    list.setAttribute('label-play', 'Ansehen');
    await list.updateComplete;
    expect(text(row(list, 'clear-mp4')!.querySelector('.action.main')), 'label-* wins').to.equal('Ansehen');
  });
});
