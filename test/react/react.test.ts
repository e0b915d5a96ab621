// offline-player/react in React 19: the wrappers render the real elements in
// a React root, pass properties as properties, and call the typed event props;
// a download started by a click completes through `onDownloadStateChange`, and
// the player plays the local copy with the network cut. Every event that
// custom-elements.json lists has its prop (a new event cannot be forgotten).
import { expect, waitUntil } from '@open-wc/testing';
import { createElement, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { DownloadButton, ELEMENT_EVENTS, OfflineDownloads, OfflinePlayer, eventProp } from '../../src/react/index.js';
import type { DownloadButtonElement, OfflinePlayerElement } from '../../src/index.js';
import type { DownloadStateChangeEvent } from '../../src/events/download-state-change.js';
import type { OfflineError } from '../../src/errors.js';
import { withNetworkCut } from '../support/browser.js';
import { newScope, scoped, serverState, startPlayback, waitForPlayback } from '../support/media.js';
import { isolatedManager, removeAll } from '../elements/helpers.js';

interface Declaration {
  tagName?: string;
  events?: Array<{ name: string }>;
}

const COMPONENTS = { 'offline-player': OfflinePlayer, 'download-button': DownloadButton, 'offline-downloads': OfflineDownloads } as const;

let container: HTMLDivElement;
let root: Root;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  root.unmount();
  container.remove();
});

function render(element: ReactElement): void {
  flushSync(() => root.render(element));
}

describe('offline-player/react', () => {
  it('has a prop for every event custom-elements.json lists, and nothing else', async () => {
    const manifest = await (await fetch('/custom-elements.json', { cache: 'no-store' })).json();
    const declared: Record<string, string[]> = {};
    for (const module of manifest.modules) for (const d of (module.declarations ?? []) as Declaration[]) if (d.tagName) declared[d.tagName] = (d.events ?? []).map((e) => e.name).sort();
    expect(Object.keys(declared).sort(), 'one component per element').to.deep.equal(Object.keys(COMPONENTS).sort());
    for (const [tag, names] of Object.entries(declared)) {
      expect([...ELEMENT_EVENTS[tag as keyof typeof ELEMENT_EVENTS]].sort(), `<${tag}>'s events`).to.deep.equal(names);
    }
  });

  it('calls each event prop with the element’s event (onDownloadProgress for download-progress...)', async () => {
    for (const [tag, names] of Object.entries(ELEMENT_EVENTS)) {
      const heard: string[] = [];
      const props = Object.fromEntries(names.map((name) => [eventProp(name), (e: Event) => heard.push(e.type)]));
      // A manager of its own, so the element touches no shared state.
      render(createElement(COMPONENTS[tag as keyof typeof COMPONENTS] as never, { ...props, manager: isolatedManager(`react-${tag}`) } as never));
      const element = container.querySelector(tag)!;
      expect(element, `<${tag}> rendered`).to.exist;
      for (const name of names) element.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail: {} }));
      expect(heard, `<${tag}>`).to.deep.equal([...names]);
      render(createElement('div'));
    }
  });

  it('renders <DownloadButton> and <OfflinePlayer>, downloads with a click, completes through onDownloadStateChange, plays offline', async () => {
    const scope = newScope('react');
    const manager = isolatedManager('react');
    const states: string[] = [];
    const onDownloadStateChange = (e: DownloadStateChangeEvent) => states.push(e.detail.state);
    render(
      createElement('div', null, [
        createElement(OfflinePlayer, { key: 'p', id: 'react-player', muted: true, controls: true, manager, src: scoped(scope, '/fixtures/entries/clearkey-dash.json') }),
        createElement(DownloadButton, { key: 'b', for: 'react-player', onDownloadStateChange }),
      ]),
    );
    const player = container.querySelector('offline-player') as OfflinePlayerElement;
    const button = container.querySelector('download-button') as DownloadButtonElement;
    try {
      expect(player.manager, 'the manager prop is set as a property').to.equal(manager);
      await waitUntil(() => button.effectiveAssetId === 'clearkey-dash', 'the button found the player’s entry', { timeout: 10000 });
      button.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
      await waitUntil(() => states.includes('completed'), `completed through the React prop (saw ${states.join(', ')})`, { timeout: 30000 });
      expect(states).to.include('downloading');
      await waitUntil(() => player.local, 'the player switched to the local copy', { timeout: 10000 });
      const { log } = await serverState(scope);
      expect(log.some((e) => e.path.endsWith('.m4s')), 'the media came from the server').to.be.true;
      await withNetworkCut(async () => {
        expect(navigator.onLine).to.be.false;
        player.video.currentTime = 0;
        startPlayback(player.video);
        await waitForPlayback(player.video, 1.5);
      });
    } finally {
      await removeAll(manager);
    }
  });

  it('bad input through props: a typed error through onDownloadError and onPlayerError, nothing stored', async () => {
    const manager = isolatedManager('react-bad');
    const errors: OfflineError[] = [];
    const bad = { id: 'x', sources: [{ id: 's', contentUrl: 42 }] } as never;
    render(
      createElement('div', null, [
        createElement(OfflinePlayer, { key: 'p', manager, entry: bad, onPlayerError: (e) => errors.push(e.detail.error) }),
        createElement(DownloadButton, { key: 'b', manager, entry: bad, onDownloadError: (e) => errors.push(e.detail.error) }),
      ]),
    );
    await waitUntil(() => errors.length >= 2, 'both elements reported the bad entry', { timeout: 10000 });
    expect(errors.map((e) => e.code)).to.deep.equal(['INVALID_ENTRY', 'INVALID_ENTRY']);
    expect(errors[0].message).to.be.a('string').and.not.empty;
    const button = container.querySelector('download-button') as DownloadButtonElement;
    expect(button.error?.code).to.equal('INVALID_ENTRY');
    expect(await manager.listAssets()).to.deep.equal([]);
  });
});
