// Source choice against this real Chromium's EME and MSE answers
// (createBrowserCapabilities): nothing stubbed, except, in the last test, a
// capability object that hands the real ClearKey answer (temporary sessions,
// no persistent-license) to Widevine, the answer desktop Chrome gives today.
import { expect } from '@open-wc/testing';
import { type BrowserCapabilities, createBrowserCapabilities, parseMediaEntry } from '../../src/index.js';
import { chooseDownloadableSource } from '../../src/service/capabilities/source-choice.js';
import { fixtureEntry, newScope } from '../support/media.js';

const WV = 'com.widevine.alpha';
const CK = 'org.w3.clearkey';

describe('chooseDownloadableSource in this Chromium (createBrowserCapabilities)', () => {
  it('multi-source picks DASH; ClearKey DASH qualifies with temporary sessions; Widevine-only is rejected', async () => {
    const caps = createBrowserCapabilities();
    // The measured facts this test relies on.
    expect(caps.format('dash'), 'MSE').to.be.true;
    expect(caps.format('hls'), 'MSE').to.be.true;
    expect(await caps.keySystem(CK)).to.deep.equal({ supported: true, persistentLicense: false });
    expect(await caps.keySystem(WV)).to.deep.equal({ supported: false, persistentLicense: false });

    const scope = newScope('source-choice');
    const multi = parseMediaEntry(await fixtureEntry('multi-source', scope));
    const choice = await chooseDownloadableSource(multi, caps);
    expect(choice.source?.id).to.equal('multi-source-dash');
    expect(choice.keySystem).to.equal(null);
    expect(choice.rejected).to.deep.equal([]);

    const clearkey = parseMediaEntry(await fixtureEntry('clearkey-dash', scope));
    const ck = await chooseDownloadableSource(clearkey, caps);
    expect(ck.source?.id).to.equal('clearkey-dash-src');
    expect(ck.keySystem).to.equal(CK);
    expect(ck.persistentLicense).to.equal(false);
    expect(ck.drm?.licenseUri).to.equal(new URL(`/t/${scope}/license/clearkey`, location.href).href);

    const dash = parseMediaEntry(await fixtureEntry('clear-dash', scope));
    const widevineOnly = parseMediaEntry({ ...dash, sources: [{ ...dash.sources[0], drmData: [{ scheme: 'com.widevine.alpha', licenseUri: 'https://lic.example.com/wv' }] }] });
    expect(widevineOnly.sources[0].drmData.map((d) => d.scheme)).to.deep.equal(['widevine']);
    const wv = await chooseDownloadableSource(widevineOnly, caps);
    expect(wv.source).to.equal(null);
    expect(wv.rejected).to.have.length(1);
    expect(wv.rejected[0].sourceId).to.equal('clear-dash-src');
    expect(wv.rejected[0].reason).to.equal('widevine (com.widevine.alpha) is not available in this browser');
    expect(wv.reason).to.contain('clear-dash-src');
  });

  it('a key system without persistent licences is named so, from the real EME answer (never the user agent); licenceMode online then takes it', async () => {
    const caps = createBrowserCapabilities();
    // This Chromium's ClearKey answers as desktop Chrome's Widevine does: temporary sessions, no persistent-license.
    const answer = await caps.keySystem(CK);
    expect(answer).to.deep.equal({ supported: true, persistentLicense: false });
    const asked: string[] = [];
    const desktopLike: BrowserCapabilities = { format: (f) => caps.format(f), keySystem: async (ks) => (asked.push(ks), ks === WV ? answer : caps.keySystem(ks)) };
    const dash = parseMediaEntry(await fixtureEntry('clear-dash', newScope('desktop-like')));
    const wvEntry = parseMediaEntry({ ...dash, sources: [{ ...dash.sources[0], drmData: [{ scheme: 'widevine', licenseUri: 'https://lic.example.com/wv' }, { scheme: 'fairplay', licenseUri: 'https://lic.example.com/fps' }] }] });
    const refused = await chooseDownloadableSource(wvEntry, desktopLike);
    expect(refused.source).to.equal(null);
    expect(refused.rejected[0].reason).to.equal(
      "this browser does not keep persistent licences for Widevine (com.widevine.alpha refuses persistent-license sessions here), so it cannot play offline; with licenceMode 'online' it is stored and asks for a licence each time it plays, online; " +
        'fairplay (com.apple.fps) is not available in this browser',
    );
    expect(asked).to.deep.equal([WV, 'com.apple.fps']);
    const online = await chooseDownloadableSource(wvEntry, desktopLike, { licenceMode: 'online' });
    expect([online.source?.id, online.keySystem, online.licenceMode, online.persistentLicense]).to.deep.equal(['clear-dash-src', WV, 'online', false]);
  });
});
