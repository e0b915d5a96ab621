// The elements speak the language of the page part they sit in: their own
// `lang`, else the closest ancestor's, else the document's (en, fr, de, es
// built in; other languages fall back to English). label-* attributes and the
// labels property still win.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { LocalAssetsManager } from '../../src/index.js';
import { CannedManager } from '../../demo/states/canned-manager.js';
import { entry } from '../../demo/states/states-data.js';
import { ErrorCode } from '../../src/errors.js';
import { COMMON_LABELS, errorLabel } from '../../src/elements/shared/common.labels.js';
import de from '../../src/elements/shared/locales/de.js';
import es from '../../src/elements/shared/locales/es.js';
import fr from '../../src/elements/shared/locales/fr.js';

const label = (el: DownloadButtonElement) => el.shadowRoot!.querySelector('[part=label]')!.textContent;

async function buttonIn(lang: string, attributes = ''): Promise<{ root: HTMLElement; el: DownloadButtonElement }> {
  const root = await fixture<HTMLDivElement>(html`<div></div>`);
  root.setAttribute('lang', lang);
  root.innerHTML = `<section><download-button ${attributes}></download-button></section>`;
  const el = root.querySelector('download-button')!;
  el.manager = new CannedManager() as unknown as LocalAssetsManager;
  el.entry = entry('t', 'Night Train to Lisbon');
  await el.localeReady;
  return { root, el };
}

describe('translations', () => {
  it('follow the closest lang, and change when it changes', async () => {
    const { root, el } = await buttonIn('fr');
    await waitUntil(() => label(el) === 'Télécharger', 'French');
    root.setAttribute('lang', 'de');
    await waitUntil(() => label(el) === 'Herunterladen', 'German after the ancestor changed');
    root.setAttribute('lang', 'es-MX');
    await waitUntil(() => label(el) === 'Descargar', 'Spanish for es-MX');
    root.setAttribute('lang', 'pt-BR');
    await waitUntil(() => label(el) === 'Download', 'English where there is no table');
    el.setAttribute('lang', 'fr-CA');
    await waitUntil(() => label(el) === 'Télécharger', 'its own lang wins over the ancestor');
  });

  it('label-* attributes, then the labels property, win over the table (the shared words too)', async () => {
    const { el } = await buttonIn('fr', 'label-download="Enregistrer"');
    await waitUntil(() => label(el) === 'Enregistrer', 'the attribute');
    el.labels = { download: 'ignored', options: 'Choisir la qualité' };
    await el.updateComplete;
    expect(label(el)).to.equal('Enregistrer');
    expect(el.shadowRoot!.querySelector('[part=menu-button]')!.getAttribute('aria-label')).to.equal('Choisir la qualité');
    el.removeAttribute('label-download');
    await el.updateComplete;
    expect(label(el)).to.equal('ignored');
  });

  it('the player’s messages and badges follow lang too, and its labels win', async () => {
    const root = await fixture<HTMLDivElement>(html`<div lang="es"></div>`);
    const player = document.createElement('offline-player');
    player.manager = new CannedManager({}, { playable: null }) as unknown as LocalAssetsManager;
    player.entry = entry('t', 'Night Train to Lisbon');
    root.append(player);
    await waitUntil(() => player.errorMessage === 'Este vídeo no se puede reproducir en este navegador.', 'Spanish');
    player.labels = { errorNoPlay: 'Formato no compatible.' };
    await player.updateComplete;
    expect(player.shadowRoot!.querySelector('[part=message]')!.textContent).to.equal('Formato no compatible.');
  });

  it('every error a person can meet has its own words, in every built-in language', () => {
    // Mistakes of the page's own code (a bad argument, an operation in the wrong state, a worker that failed to
    // register) are for developers: the generic words are right for them.
    const forDevelopers: string[] = [ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_STATE, ErrorCode.ABORTED, ErrorCode.SERVICE_WORKER_ERROR];
    for (const code of Object.values(ErrorCode)) {
      const key = errorLabel({ code });
      if (forDevelopers.includes(code)) {
        expect(key, code).to.equal('errorGeneric');
        continue;
      }
      expect(key, `${code} has words of its own`).to.not.equal('errorGeneric');
      expect(COMMON_LABELS[key], code).to.be.a('string').and.not.empty;
      for (const [lang, table] of Object.entries({ fr, de, es })) expect(table.common[key], `${code} in ${lang}`).to.be.a('string').and.not.empty;
    }
  });
});
