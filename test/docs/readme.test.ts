// The README cannot drift: every JavaScript, TypeScript, JSX and Svelte block
// in it runs here as written (test/support/readme-snippets.mjs serves it as a
// module, with only the package's import specifiers and the example entry's
// URL replaced by what this server serves), against the real fixtures, and a
// failure names the block's README line. A block that needs another context
// says so just before it (`<!-- not-run: reason -->`) and is listed here. The
// JSON blocks are entries `parseMediaEntry` accepts; the HTML blocks are
// demo/embed.html (which test/elements/end-to-end.test.ts runs) or are
// rendered here.
// The page a block runs in has a `<div id="app">` and a muted `<video>`.
import { expect, waitUntil } from '@open-wc/testing';
import { getDefaultManager, parseMediaEntry, type DownloadButtonElement, type OfflinePlayerElement } from '../../src/index.js';
import { withNetworkCut } from '../support/browser.js';
import { startPlayback, waitForPlayback } from '../support/media.js';

interface Block {
  line: number;
  lang: string;
  notRun: string | null;
  code: string;
}

const RUNNABLE = ['js', 'ts', 'jsx', 'tsx', 'svelte'];
const blocks: Block[] = await (await fetch('/__readme/blocks.json', { cache: 'no-store' })).json();

/** Checks after a block ran, for what it claims (matched on its code). */
const CLAIMS: Array<{ what: string; applies: (code: string) => boolean; check: () => Promise<void> }> = [
  {
    what: 'the local copy plays in the <video> with the network cut',
    applies: (code) => code.includes('createLocalMediaEntry') && code.includes('loadSource'),
    check: async () => {
      const video = document.querySelector<HTMLVideoElement>('#readme-page video')!;
      await withNetworkCut(async () => {
        expect(navigator.onLine).to.be.false;
        video.currentTime = 0;
        startPlayback(video);
        await waitForPlayback(video, 1);
      });
    },
  },
  {
    what: 'the React components render the elements, linked (the button found the player’s entry)',
    applies: (code) => code.includes("'offline-player/react'"),
    check: async () => {
      await waitUntil(() => document.querySelector('#app download-button'), 'rendered', { timeout: 5000 });
      const button = document.querySelector('#app download-button') as DownloadButtonElement;
      const player = document.querySelector('#app offline-player') as OfflinePlayerElement;
      expect(player.controls).to.be.true;
      await waitUntil(() => button.effectiveAssetId === 'clearkey-dash', 'the button found the player’s entry', { timeout: 10000 });
    },
  },
  {
    what: 'Vue and Svelte: the manager set as a property, download-progress heard',
    applies: (code) => code.includes('createApp') || code.includes('on:download-progress'),
    check: async () => {
      await waitUntil(() => document.querySelector('#app download-button'), 'mounted', { timeout: 5000 });
      const button = document.querySelector('#app download-button') as DownloadButtonElement;
      expect(button.manager, 'a property, the object itself').to.equal(getDefaultManager());
      expect(button.hasAttribute('manager'), 'not an attribute').to.be.false;
      await waitUntil(() => button.effectiveAssetId === 'clearkey-dash', 'the button found the player’s entry', { timeout: 10000 });
      button.dispatchEvent(new CustomEvent('download-progress', { bubbles: true, composed: true, detail: { assetId: 'clearkey-dash', fraction: 0.5, bytesDownloaded: 1, estimatedTotalBytes: 2 } }));
      await waitUntil(() => document.querySelector<HTMLProgressElement>('#app progress')!.value === 0.5, 'the listener updated the page', { timeout: 5000 });
    },
  },
];

function pageForBlock(): HTMLElement {
  const page = document.createElement('div');
  page.id = 'readme-page';
  page.innerHTML = '<div id="app"></div><video muted playsinline></video>';
  document.body.append(page);
  return page;
}

async function removeDownloads(): Promise<void> {
  const manager = getDefaultManager();
  for (const status of await manager.listAssets()) await manager.removeAsset(status.assetId);
}

describe('README.md', () => {
  it('has blocks to run, and lists those that do not run with their reason', () => {
    const code = blocks.filter((b) => RUNNABLE.includes(b.lang));
    expect(code.filter((b) => !b.notRun).length).to.be.greaterThan(2);
    for (const b of code.filter((b) => b.notRun)) console.log(`README.md line ${b.line} (${b.lang}) not run: ${b.notRun}`);
    for (const b of blocks) expect(['sh', 'html', 'json', ...RUNNABLE], `README.md line ${b.line}: a block of unknown language`).to.include(b.lang);
  });

  for (const block of blocks.filter((b) => RUNNABLE.includes(b.lang) && !b.notRun)) {
    it(`line ${block.line} (${block.lang}) runs as written`, async () => {
      const page = pageForBlock();
      try {
        try {
          const module = await import(`/__readme/line-${block.line}.js`);
          // A Svelte block is a component: mounted as an app mounts it.
          // (Svelte's browser entry by path: the test server resolves packages without the `browser` condition.)
          if (block.lang === 'svelte') (await import('/node_modules/svelte/src/index-client.js' as string)).mount(module.default, { target: document.querySelector('#app')! });
        } catch (e) {
          throw new Error(`README.md line ${block.line}: ${(e as Error)?.message ?? e}`);
        }
        for (const claim of CLAIMS.filter((c) => c.applies(block.code))) {
          try {
            await claim.check();
          } catch (e) {
            throw new Error(`README.md line ${block.line}, ${claim.what}: ${(e as Error)?.message ?? e}`);
          }
        }
      } finally {
        page.remove();
        await removeDownloads();
      }
    });
  }

  for (const block of blocks.filter((b) => b.lang === 'json')) {
    it(`line ${block.line} (json) is a valid MediaEntry`, () => {
      const entry = parseMediaEntry(JSON.parse(block.code));
      expect(entry.sources.length, `README.md line ${block.line}`).to.be.greaterThan(0);
    });
  }

  for (const block of blocks.filter((b) => b.lang === 'html')) {
    if (block.code.includes('<script')) {
      it(`line ${block.line} (html) is demo/embed.html, which the end-to-end test runs`, async () => {
        const embedUrl = new URL('/demo/embed.html', location.href);
        const embed = new DOMParser().parseFromString(await (await fetch(embedUrl, { cache: 'no-store' })).text(), 'text/html');
        const readme = new DOMParser().parseFromString(block.code, 'text/html');
        // URLs compared by what they name: the README's from the site's root, the demo's from its own folder.
        const named = (value: string, base: URL) => new URL(value, base).pathname.split('/').filter(Boolean).slice(-2).join('/');
        for (const el of readme.querySelectorAll('script, offline-player, download-button')) {
          const match = embed.querySelector(el.tagName.toLowerCase());
          expect(match, `README.md line ${block.line}: <${el.tagName.toLowerCase()}> is in demo/embed.html`).to.exist;
          for (const { name, value } of el.attributes) {
            const theirs = match!.getAttribute(name);
            expect(theirs, `README.md line ${block.line}: <${el.tagName.toLowerCase()} ${name}>`).to.not.be.null;
            if (['src', 'data-offline-shell'].includes(name)) expect(named(theirs!, embedUrl), `${name}`).to.equal(named(value, new URL('/', location.href)));
            else expect(theirs).to.equal(value);
          }
        }
      });
    } else {
      it(`line ${block.line} (html) renders: every element defined, linked and in its slot`, async () => {
        const page = pageForBlock();
        try {
          page.querySelector('#app')!.innerHTML = block.code;
          const tags = [...new Set([...page.querySelectorAll('#app *')].map((el) => el.localName).filter((t) => t.includes('-')))];
          expect(tags.length).to.be.greaterThan(0);
          for (const tag of tags) expect(customElements.get(tag), `<${tag}> is defined`).to.exist;
          for (const el of page.querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>('#app *')) await el.updateComplete;
          for (const button of page.querySelectorAll<DownloadButtonElement>('#app download-button')) {
            await waitUntil(() => button.effectiveAssetId === 'clearkey-dash', `README.md line ${block.line}: a button found the player’s entry`, { timeout: 10000 });
            if (button.getAttribute('slot') === 'overlay') expect(button.assignedSlot?.name, 'in the player’s overlay slot').to.equal('overlay');
          }
        } finally {
          page.remove();
        }
      });
    }
  }
});
