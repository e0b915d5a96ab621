// <download-button> says why a download stopped, in short words, and reflects
// the reason for CSS: paused by the user, waiting for the network, a licence
// that expired (then a click renews it). Every text is translatable. (A page
// reload mid-download is `interrupted`: test/node/cold-start; a full storage
// is `quota`: test/resilience/quota.)
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { LocalAssetsManager, MediaEntry } from '../../src/index.js';
import { cutNetwork, restoreNetwork } from '../support/browser.js';
import { configureLicense, fixtureEntry, newScope, setFaults } from '../support/media.js';
import { isolatedManager, removeAll, waitForState } from './helpers.js';

const label = (el: DownloadButtonElement) => el.shadowRoot!.querySelector('[part=label]')!.textContent!.trim();
const press = (el: DownloadButtonElement) => el.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();

describe('<download-button> reasons', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  beforeEach(() => {
    manager = isolatedManager('reasons');
    scope = newScope('reasons');
  });
  afterEach(async () => {
    await restoreNetwork();
    await removeAll(manager);
  });

  async function buttonFor(entry: MediaEntry, attributes = ''): Promise<DownloadButtonElement> {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    holder.innerHTML = `<download-button ${attributes}></download-button>`;
    const el = holder.querySelector('download-button')!;
    el.manager = manager;
    el.entry = entry;
    await waitUntil(() => el.effectiveAssetId === entry.id);
    return el;
  }

  it('paused by the user: reason user, "Resume download"; the network lost: reason network, "Waiting for network"', async () => {
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 200 }]);
    const el = await buttonFor(await fixtureEntry('clear-dash', scope));
    expect(el.hasAttribute('reason')).to.be.false;
    press(el);
    await waitUntil(() => el.progress > 0, 'downloading', { timeout: 20000 });
    press(el);
    await waitForState(el, 'paused');
    expect([el.reason, el.getAttribute('reason'), label(el)]).to.deep.equal(['user', 'user', 'Resume download']);
    press(el);
    await waitUntil(() => el.state === 'downloading' && el.progress > 0, 'downloading again', { timeout: 20000 });
    expect(el.hasAttribute('reason'), 'no reason while downloading').to.be.false;
    await cutNetwork();
    await waitUntil(() => el.reason === 'network', 'paused for the network', { timeout: 10000 });
    expect([el.state, label(el)]).to.deep.equal(['paused', 'Waiting for network']);
    await expect(el).to.be.accessible();
    await restoreNetwork();
    await setFaults(scope, []);
    await waitForState(el, 'completed', 30000);
    expect(el.hasAttribute('reason')).to.be.false;
  });

  it('a licence that expires on screen: reason expired, "Licence expired: renew"; a click renews it', async () => {
    await configureLicense(scope, { durationSeconds: 3 });
    const el = await buttonFor(await fixtureEntry('clearkey-dash', scope));
    press(el);
    await waitForState(el, 'completed', 30000);
    expect(el.hasAttribute('reason')).to.be.false;
    await waitUntil(() => el.reason === 'expired', 'the button noticed the expiry', { timeout: 8000 });
    expect([el.state, el.getAttribute('reason'), label(el)]).to.deep.equal(['completed', 'expired', 'Licence expired: renew']);
    expect(el.shadowRoot!.querySelector('[part=button]')!.getAttribute('aria-disabled')).to.equal('false');
    await expect(el).to.be.accessible();
    await configureLicense(scope, { durationSeconds: 3600 });
    press(el);
    await waitUntil(() => el.reason === null, 'renewed', { timeout: 10000 });
    expect(label(el)).to.equal('Downloaded');
    expect((await manager.getAssetStatus('clearkey-dash')).licence?.expired).to.be.false;
  });

  it('every reason has its own translatable text (label-* attributes, then the labels property)', async () => {
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 200 }]);
    const el = await buttonFor(await fixtureEntry('clear-dash', scope), 'label-waiting="Attente du réseau" label-resume="Reprendre"');
    el.labels = { waiting: 'ignored: the attribute wins', interrupted: 'Interrompu : reprendre', storageFull: 'Stockage plein', expired: 'Licence expirée', unavailable: 'Indisponible' };
    press(el);
    await waitUntil(() => el.progress > 0, 'downloading', { timeout: 20000 });
    press(el);
    await waitForState(el, 'paused');
    expect(label(el)).to.equal('Reprendre');
    press(el);
    await waitUntil(() => el.state === 'downloading', 'downloading again', { timeout: 20000 });
    await cutNetwork();
    await waitUntil(() => el.reason === 'network', 'paused for the network', { timeout: 10000 });
    expect(label(el)).to.equal('Attente du réseau');
  });
});
