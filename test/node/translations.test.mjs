// The built-in translations work in both builds a page can load without a
// bundler: the one-file script (its language tables are inlined) and the ES
// module bundle (each table is a chunk loaded on first use).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaServer } from '../../server/media-server.mjs';
import { launchChromium, openPage } from '../support/headless.mjs';

let server;
let base;
let browser;
before(async () => {
  ({ server, url: base } = await createMediaServer({ publicPaths: /^\/test\/pages\// }).listen({ port: 0 }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

for (const build of ['iife', 'esm']) {
  test(`${build}: the words follow lang (fr page, a de paragraph, an es player)`, async () => {
    const { page, problems } = await openPage(browser, `${base}test/pages/lang-${build}.html`);
    await page.waitForFunction(
      () => {
        const [fr, de] = document.querySelectorAll('download-button');
        const label = (el) => el.shadowRoot?.querySelector('[part=label]')?.textContent;
        return label(fr) === 'Télécharger' && label(de) === 'Herunterladen' && document.querySelector('offline-player').errorMessage;
      },
      { timeout: 15000 },
    );
    const said = await page.evaluate(() => document.querySelector('offline-player').shadowRoot.querySelector('[part=message]').textContent);
    assert.equal(said, 'Este vídeo no se puede reproducir en este momento.');
    const unexpected = problems.filter((p) => !/missing\/manifest\.mpd|404 \(Not Found\)|broken\//.test(p));
    assert.deepEqual(unexpected, []);
    await page.close();
  });
}
