// The language an element speaks and the words it uses. Every text has, in
// this order: a `label-<name>` attribute, the element's `labels` property, the
// built-in table for its language (en, fr, de, es), then English. The language
// is the element's own `lang`, else its closest ancestor's (across shadow
// roots), else the document's. Tables other than English load on first use
// (a small chunk each), so a page in English pays nothing for them.
//
// Why not @lit/localize: it sets one locale for the whole document, while an
// element here follows the `lang` of the part of the page it sits in (a French
// section on an English page), and its runtime mode adds a loader and
// generated modules for a few dozen words per element.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocaleTable } from './locales/table.js';

export const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The `lang` in force at `el`: its own, its closest ancestor's (across shadow roots), else the document's, else `en`. */
export function langOf(el: Element): string {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return 'en';
}

const LOADERS: Record<string, () => Promise<{ default: LocaleTable }>> = {
  fr: () => import('./locales/fr.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
};

/** The built-in language for a BCP 47 tag (`fr-CA` → `fr`), or `en`. */
export function builtInLanguage(lang: string): string {
  const base = lang.toLowerCase().split('-')[0];
  return base in LOADERS ? base : 'en';
}

const tables = new Map<string, LocaleTable>();
const loading = new Map<string, Promise<LocaleTable | null>>();

function loadTable(language: string): Promise<LocaleTable | null> {
  let promise = loading.get(language);
  if (!promise) {
    promise = LOADERS[language]()
      .then((module) => {
        tables.set(language, module.default);
        return module.default;
      })
      // A chunk that cannot load (offline without the offline shell): English stays.
      .catch(() => null);
    loading.set(language, promise);
  }
  return promise;
}

// One observer for every element: an ancestor's `lang` may change at any time.
const controllers = new Set<LocaleController>();
let observer: MutationObserver | null = null;

function watchLangChanges(controller: LocaleController, on: boolean): void {
  if (on) controllers.add(controller);
  else controllers.delete(controller);
  if (controllers.size > 0 && !observer) {
    observer = new MutationObserver(() => controllers.forEach((c) => c.refresh()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  } else if (controllers.size === 0 && observer) {
    observer.disconnect();
    observer = null;
  }
}

/** Follows the language of its host and holds the built-in table for it. */
export class LocaleController implements ReactiveController {
  /** The `lang` in force (as written, e.g. `fr-CA`). */
  lang = 'en';
  /** The built-in table for it (null for English, or while it loads). */
  table: LocaleTable | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    watchLangChanges(this, true);
    this.refresh();
  }

  hostDisconnected(): void {
    watchLangChanges(this, false);
  }

  /** Works the language out again (on connect, and when a `lang` attribute changed). */
  refresh(): void {
    const lang = langOf(this.host);
    const language = builtInLanguage(lang);
    const changed = lang !== this.lang;
    this.lang = lang;
    if (language === 'en') {
      if (changed || this.table) this.set(null);
      return;
    }
    const known = tables.get(language);
    if (known) {
      if (known !== this.table || changed) this.set(known);
      return;
    }
    void loadTable(language).then((table) => {
      if (builtInLanguage(this.lang) === language) this.set(table);
    });
  }

  /** Resolves once the table for the current language is loaded (tests, screenshots). */
  get ready(): Promise<void> {
    const language = builtInLanguage(this.lang);
    return language === 'en' ? Promise.resolve() : loadTable(language).then(() => undefined);
  }

  private set(table: LocaleTable | null): void {
    this.table = table;
    this.host.requestUpdate();
  }
}

/**
 * A text: the `label-<name>` attribute, then `overrides` (the `labels`
 * property), then the built-in table, then the English default.
 */
export function textOf<T extends object>(host: Element, overrides: Partial<T>, table: Partial<T> | undefined, defaults: T, name: keyof T & string, attribute = true): string {
  const fromAttribute = attribute ? host.getAttribute(`label-${kebab(name)}`) : null;
  return fromAttribute ?? (overrides[name] as string | undefined) ?? (table?.[name] as string | undefined) ?? (defaults[name] as string);
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
