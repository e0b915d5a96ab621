// The parts of <download-button> that load on first use: the menu (on its
// first opening) and the confirmation (on the first removal). A page with
// only buttons does not pay for them up front; each brings its own styles.
import { nothing, type ReactiveControllerHost } from 'lit';
import type { ConfirmController, ConfirmWords } from '../shared/confirm.js';
import { adoptLater } from '../shared/styles.js';
import type { DownloadMenu, MenuDeps } from './download-button.menu.js';

export class LazyParts {
  menu: DownloadMenu | null = null;
  private confirm: ConfirmController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment },
    private readonly menuDeps: () => MenuDeps,
  ) {}

  async loadMenu(): Promise<DownloadMenu> {
    if (this.menu) return this.menu;
    const { DownloadMenu, menuStyles } = await import('./download-button.menu.js');
    adoptLater(this.host.renderRoot, menuStyles);
    this.menu ??= new DownloadMenu(this.host, this.menuDeps());
    return this.menu;
  }

  /** Opens the menu (focusing its first or last item), or toggles it. */
  async openMenu(focus: 'first' | 'last' | 'toggle' = 'toggle'): Promise<void> {
    const menu = await this.loadMenu();
    if (focus === 'toggle') menu.toggle();
    else menu.show(focus);
  }

  async ask(words: ConfirmWords, confirmed: () => void, opener: HTMLElement | null): Promise<void> {
    if (!this.confirm) {
      const { ConfirmController, confirmStyles } = await import('../shared/confirm.js');
      adoptLater(this.host.renderRoot, confirmStyles);
      this.confirm ??= new ConfirmController(this.host);
    }
    this.confirm.ask(words, confirmed, opener);
  }

  render(): { menu: unknown; confirm: unknown } {
    return { menu: this.menu?.render() ?? nothing, confirm: this.confirm?.render() ?? nothing };
  }
}
