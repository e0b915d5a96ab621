// The menu beside <download-button>: the qualities with their sizes and the
// languages, from prepareForDownload (asked only when the menu opens), chosen
// with the keyboard alone (WAI-ARIA menu button), and the download keeps the
// choice. One click on the main control still downloads the preset.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/download-button/download-button.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { LocalAssetsManager, MediaEntry } from '../../src/index.js';
import { fixtureEntry, newScope, serverState } from '../support/media.js';
import { isolatedManager, removeAll, waitForState } from './helpers.js';

const shadow = (el: DownloadButtonElement) => el.shadowRoot!;
const focused = (el: DownloadButtonElement) => shadow(el).activeElement as HTMLElement | null;
const items = (el: DownloadButtonElement) =>
  [...shadow(el).querySelectorAll<HTMLElement>('[part=menu] [role^=menuitem]')].map((item) => ({
    role: item.getAttribute('role'),
    name: item.querySelector('.name')?.textContent ?? item.textContent!.trim(),
    size: item.querySelector('.item-size')?.textContent ?? null,
    checked: item.getAttribute('aria-checked'),
  }));
/** "123 KB" -> bytes (within the rounding of what is shown). */
const kilobytes = (text: string | null) => Number(/^(\d+) KB$/.exec(text ?? '')?.[1] ?? NaN);

describe('<download-button> menu', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  let entry: MediaEntry;
  beforeEach(async () => {
    manager = isolatedManager('menu');
    scope = newScope('menu');
    entry = await fixtureEntry('clear-dash', scope);
  });
  afterEach(async () => {
    await removeAll(manager);
  });

  async function button(attributes = ''): Promise<DownloadButtonElement> {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    holder.innerHTML = `<download-button ${attributes}></download-button>`;
    const el = holder.querySelector('download-button')!;
    el.manager = manager;
    el.entry = entry;
    await waitUntil(() => el.effectiveAssetId === 'clear-dash' && el.entry !== null, 'the entry', { timeout: 10000 });
    await el.updateComplete;
    return el;
  }

  const manifestRequests = async () => (await serverState(scope)).log.filter((e) => e.path.endsWith('manifest.mpd')).length;

  it('prepares only when opened, lists qualities with sizes and languages, is chosen by keyboard, and the download keeps the choice', async () => {
    const el = await button();
    await new Promise((r) => setTimeout(r, 300));
    expect(await manifestRequests(), 'nothing fetched before the menu opens').to.equal(0);
    const trigger = shadow(el).querySelector<HTMLButtonElement>('[part=menu-button]')!;
    expect([trigger.getAttribute('aria-haspopup'), trigger.getAttribute('aria-expanded'), trigger.getAttribute('aria-label')]).to.deep.equal(['menu', 'false', 'Download options']);
    await expect(el).to.be.accessible();

    trigger.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => items(el).some((i) => i.role === 'menuitemradio'), 'the choices', { timeout: 15000 }); // prepared with Shaka on opening
    expect(await manifestRequests()).to.equal(1);
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    const menu = shadow(el).querySelector<HTMLElement>('[part=menu]')!;
    expect([menu.getAttribute('role'), menu.getAttribute('aria-label'), menu.matches(':popover-open')]).to.deep.equal(['menu', 'Download options', true]);
    const listed = items(el);
    expect(listed.map((i) => `${i.role} ${i.name} ${i.checked}`)).to.deep.equal([
      'menuitemradio 360p true',
      'menuitemradio 180p false',
      'menuitemcheckbox English true',
      'menuitemcheckbox French true',
      'menuitemcheckbox English true',
      'menuitem Download null',
    ]);
    // Each quality's size is the whole download at that quality (with the languages chosen): the bigger picture costs more.
    expect(kilobytes(listed[0].size)).to.be.above(kilobytes(listed[1].size));
    expect(listed[5].size, 'the total, on "Download"').to.equal(listed[0].size);
    // The sizes are the prepared download's own estimates, selection by selection.
    const prepared = await manager.prepareForDownload(entry);
    for (const [i, height] of [[0, 360], [1, 180]] as const) {
      prepared.setSelectedTracks({ ...prepared.selectedTracks, video: prepared.tracks.video.find((v) => v.height === height)! });
      expect(Math.abs(kilobytes(listed[i].size) - prepared.estimatedSize / 1024), `${height}p`).to.be.below(1);
    }
    expect(focused(el)?.textContent, 'focus on the checked quality').to.contain('360p');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: ' ' }); // not 'Space': puppeteer's BiDi keyboard (Firefox) has no key of that name
    expect(items(el).map((i) => i.checked).slice(0, 2)).to.deep.equal(['false', 'true']);
    expect(items(el)[5].size, 'the total follows the choice').to.equal(items(el)[1].size);
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(el)?.textContent).to.contain('French');
    await sendKeys({ press: 'Enter' });
    expect(items(el)[3].checked, 'French unchecked').to.equal('false');
    // The last audio language cannot go: never a video without sound.
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Enter' });
    expect(items(el)[2].checked).to.equal('true');
    await sendKeys({ press: 'End' });
    expect(focused(el)?.getAttribute('role')).to.equal('menuitem');
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    const request = await oneEvent(el, 'download-request');
    expect(request.detail).to.include({ assetId: 'clear-dash', action: 'start' });
    await waitForState(el, 'completed');
    expect(focused(el)?.getAttribute('part'), 'focus on the main control').to.equal('button');
    const { selection } = await manager.getAssetStatus('clear-dash');
    expect(selection).to.deep.include({ videoHeight: 180, audioLanguages: ['en'], textLanguages: ['en'] });
  });

  it('one click downloads the preset (quality, audio-languages, subtitles) without asking', async () => {
    const el = await button('quality="180" audio-languages="fr" subtitles="none"');
    shadow(el).querySelector<HTMLButtonElement>('[part=button]')!.click();
    await waitForState(el, 'completed');
    expect(shadow(el).querySelector('[part=menu]'), 'no menu').to.be.null;
    const { selection } = await manager.getAssetStatus('clear-dash');
    expect(selection).to.deep.include({ videoHeight: 180, audioLanguages: ['fr'], textLanguages: [] });
  });

  it('the preset is the menu’s first choice; Escape and a click outside close it, focus back on the trigger', async () => {
    const el = await button('quality="180" audio-languages="fr"');
    const trigger = shadow(el).querySelector<HTMLButtonElement>('[part=menu-button]')!;
    trigger.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => items(el).some((i) => i.role === 'menuitemradio'), 'the choices', { timeout: 15000 }); // prepared with Shaka on opening
    expect(items(el).map((i) => i.checked)).to.deep.equal(['false', 'true', 'false', 'true', 'true', null]);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !shadow(el).querySelector('[part=menu]'), 'closed');
    expect(focused(el)).to.equal(trigger);
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    await sendKeys({ press: ' ' }); // not 'Space': puppeteer's BiDi keyboard (Firefox) has no key of that name
    await waitUntil(() => shadow(el).querySelector('[part=menu]')?.matches(':popover-open'), 'open again (no second prepare needed)');
    expect(await manifestRequests(), 'prepared once').to.equal(1);
    await sendMouse({ type: 'click', position: [5, window.innerHeight - 5] }); // a corner of the viewport, far from the button (Firefox's is 800 x 600)
    await waitUntil(() => !shadow(el).querySelector('[part=menu]'), 'a click outside closes it');
    await sendKeys({ press: 'Tab' });
    expect(el.state).to.equal('none');
  });

  it('menu="always": a click on the main control opens the menu; menu="none": no menu', async () => {
    const el = await button('menu="always"');
    expect(shadow(el).querySelector('[part=menu-button]'), 'no separate trigger').to.be.null;
    const main = shadow(el).querySelector<HTMLButtonElement>('[part=button]')!;
    expect([main.getAttribute('aria-haspopup'), main.getAttribute('aria-expanded')]).to.deep.equal(['menu', 'false']);
    main.click();
    await waitUntil(() => items(el).some((i) => i.role === 'menuitemradio'), 'the choices', { timeout: 15000 }); // prepared with Shaka on opening
    expect(main.getAttribute('aria-expanded')).to.equal('true');
    expect(el.state, 'nothing started').to.equal('none');
    await expect(el).to.be.accessible();
    main.click();
    await waitUntil(() => !shadow(el).querySelector('[part=menu]'), 'a second click closes it');

    el.menu = 'none';
    await el.updateComplete;
    expect(shadow(el).querySelector('[part=menu-button]')).to.be.null;
    expect(main.hasAttribute('aria-haspopup')).to.be.false;
    main.click();
    await waitForState(el, 'completed');
  });

  it('a menu that cannot prepare says why in human words, and the page hears download-error', async () => {
    entry = await fixtureEntry('broken', scope);
    const holder = await fixture<HTMLDivElement>(html`<div><download-button></download-button></div>`);
    const el = holder.querySelector('download-button')!;
    el.manager = manager;
    el.entry = entry;
    await waitUntil(() => shadow(el).querySelector('[part=menu-button]'), 'the menu button', { timeout: 10000 });
    setTimeout(() => shadow(el).querySelector<HTMLButtonElement>('[part=menu-button]')!.click());
    const { detail } = await oneEvent(el, 'download-error');
    expect(detail.error.code).to.equal('MANIFEST_ERROR');
    await waitUntil(() => items(el)[0]?.name === 'This video is not available right now.', 'the reason in the menu', { timeout: 15000 });
    expect(shadow(el).querySelector('[part=menu]')!.textContent).to.not.match(/https?:|Shaka/);
    await expect(el).to.be.accessible();
  });
});
