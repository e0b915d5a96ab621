// custom-elements.json documents every attribute, event, part, slot and CSS
// custom property the elements really have (checked against the live
// elements, not against a hand-written list).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';
import '../../src/elements/offline-downloads/offline-downloads.js';

interface Declaration {
  tagName: string;
  attributes?: Array<{ name: string; description?: string }>;
  events?: Array<{ name: string; type?: { text: string }; description?: string }>;
  cssParts?: Array<{ name: string }>;
  cssProperties?: Array<{ name: string; description?: string }>;
  slots?: Array<{ name: string }>;
}

async function declaration(tag: string): Promise<Declaration> {
  const manifest = await (await fetch('/custom-elements.json', { cache: 'no-store' })).json();
  for (const module of manifest.modules) for (const d of module.declarations ?? []) if (d.tagName === tag) return d;
  throw new Error(`${tag} is not in custom-elements.json`);
}

function cssVariables(element: typeof HTMLElement): string[] {
  const styles = (element as unknown as { elementStyles: Array<{ cssText: string }> }).elementStyles;
  const names = styles.flatMap((s) => [...s.cssText.matchAll(/var\((--[a-z0-9-]+)/g)].map((m) => m[1]));
  return [...new Set(names)].sort();
}

const EVENTS: Record<string, string[]> = {
  'offline-player': ['source-change', 'player-error', 'entry-change'],
  'download-button': ['download-request', 'remove-request', 'download-progress', 'download-state-change', 'registration-change', 'download-error'],
  'offline-downloads': ['play-request', 'download-request', 'remove-request', 'download-error'],
};

for (const tag of ['offline-player', 'download-button', 'offline-downloads'] as const) {
  describe(`custom-elements.json: <${tag}>`, () => {
    it('lists every observed attribute, each with a description', async () => {
      const d = await declaration(tag);
      const observed = (customElements.get(tag) as unknown as { observedAttributes: string[] }).observedAttributes;
      const documented = (d.attributes ?? []).map((a) => a.name);
      expect(documented.sort()).to.include.members([...observed].sort());
      expect((d.attributes ?? []).every((a) => (a.description ?? '').length > 10)).to.be.true;
    });

    it('lists every CSS custom property the styles read, and every part the shadow DOM has', async () => {
      const d = await declaration(tag);
      expect((d.cssProperties ?? []).map((p) => p.name).sort()).to.include.members(cssVariables(customElements.get(tag)!));
      const el = document.createElement(tag);
      await fixture<HTMLElement>(html`<div>${el}</div>`);
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const parts = [...el.shadowRoot!.querySelectorAll('[part]')].map((n) => n.getAttribute('part')!);
      expect((d.cssParts ?? []).map((p) => p.name)).to.include.members(parts);
    });

    it('types every event with its detail', async () => {
      const d = await declaration(tag);
      const events = d.events ?? [];
      expect(events.map((e) => e.name).sort()).to.deep.equal([...EVENTS[tag]].sort());
      expect(events.every((e) => /^CustomEvent<\w+Detail>$/.test(e.type?.text ?? ''))).to.be.true;
    });
  });
}

it('custom-elements.json documents the slots of <offline-player>', async () => {
  const d = await declaration('offline-player');
  expect((d.slots ?? []).map((s) => s.name).sort()).to.deep.equal(['', 'overlay']);
});
