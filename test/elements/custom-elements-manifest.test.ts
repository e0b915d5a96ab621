// custom-elements.json documents every attribute, event, part, slot and CSS
// custom property the elements really have (checked against the live
// elements, not against a hand-written list).
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';

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

for (const tag of ['offline-player', 'download-button'] as const) {
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
      const el = await fixture<HTMLElement>(tag === 'offline-player' ? html`<offline-player></offline-player>` : html`<download-button></download-button>`);
      const parts = [...el.shadowRoot!.querySelectorAll('[part]')].map((n) => n.getAttribute('part')!);
      expect((d.cssParts ?? []).map((p) => p.name)).to.include.members(parts);
    });

    it('types every event with its detail', async () => {
      const d = await declaration(tag);
      const events = d.events ?? [];
      const expected =
        tag === 'offline-player'
          ? ['source-change', 'player-error', 'entry-change']
          : ['download-request', 'remove-request', 'download-progress', 'download-state-change', 'registration-change', 'download-error'];
      expect(events.map((e) => e.name).sort()).to.deep.equal([...expected].sort());
      expect(events.every((e) => /^CustomEvent<\w+Detail>$/.test(e.type?.text ?? ''))).to.be.true;
    });
  });
}

it('custom-elements.json documents the slots of <offline-player>', async () => {
  const d = await declaration('offline-player');
  expect((d.slots ?? []).map((s) => s.name).sort()).to.deep.equal(['', 'overlay']);
});
