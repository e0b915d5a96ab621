// Where an element's MediaEntry comes from, in this order:
//   1. the `entry` property (validated: a bad one is an error, not ignored);
//   2. `src`: entry JSON fetched through the manager, which falls back to the
//      entry kept with a download made from that URL when it cannot be
//      fetched (offline, or gone from the server);
//   3. an inline <script type="application/json"> child, read when it arrives
//      (a script tag in <head> defines the element before the parser has
//      added its children) and again when it changes;
//   4. another element's entry (a button linked to a player with `for`);
//   5. `asset-id` alone: the entry kept with that download.
// The host hears every change (entry or error) through `onChange`.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import { parseMediaEntry } from '../../service/model/parse-entry.js';

export interface EntryHost extends ReactiveControllerHost, HTMLElement {
  readonly manager: LocalAssetsManager;
  src: string | null;
  assetId: string | null;
}

export type EntryOrigin = 'property' | 'src' | 'stored' | 'inline' | 'linked' | null;

const INLINE = ':scope > script[type="application/json"]';

export class EntryController implements ReactiveController {
  /** The entry in use (validated), or null. */
  entry: MediaEntry | null = null;
  /** Why there is no entry (INVALID_ENTRY, NOT_AVAILABLE_OFFLINE, ...), or null. */
  error: OfflineError | null = null;
  origin: EntryOrigin = null;
  private given: unknown = null;
  private token = 0;
  private observer: MutationObserver | null = null;
  private inlineText: string | null = null;
  private waitingForParser = false;
  private inputs: unknown[] = [];

  constructor(
    private readonly host: EntryHost,
    private readonly onChange: (entry: MediaEntry | null, error: OfflineError | null) => void,
    /** An entry from elsewhere (the linked player), used after the element's own sources. */
    private readonly linked: () => MediaEntry | null = () => null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new MutationObserver(() => this.inlineChanged());
    this.observer.observe(this.host, { childList: true, subtree: true, characterData: true });
    window.addEventListener('online', this.onOnline);
    this.resolve();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    window.removeEventListener('online', this.onOnline);
    document.removeEventListener('DOMContentLoaded', this.onParsed);
    this.token += 1;
  }

  /** The `entry` property: any value; null or undefined clears it. */
  setProperty(value: unknown): void {
    this.given = value ?? null;
    this.resolve();
  }

  get property(): unknown {
    return this.given;
  }

  /** Works out the entry again when what it depends on changed (src, asset id, manager, linked entry). */
  refresh(): void {
    const inputs = this.currentInputs();
    if (inputs.every((value, i) => value === this.inputs[i])) return;
    this.resolve();
  }

  private currentInputs(): unknown[] {
    return [this.host.src, this.host.assetId, this.host.manager, this.linked()];
  }

  /** Works out the entry again (also when nothing it depends on changed: a download appeared). */
  resolve(): void {
    const token = ++this.token;
    const { host } = this;
    this.inputs = this.currentInputs();
    if (this.given !== null) return this.settle(token, 'property', () => parseMediaEntry(this.given));
    if (host.src) {
      const src = host.src;
      void host.manager.loadMediaEntry(src, { assetId: host.assetId }).then(
        (entry) => this.settle(token, 'src', () => entry),
        (e) => this.settle(token, 'src', () => {
          throw e;
        }),
      );
      return;
    }
    if (this.readInline(token)) return;
    const linked = this.linked();
    if (linked) return this.settle(token, 'linked', () => linked);
    if (host.assetId) {
      void host.manager.getAssetStatus(host.assetId).then(
        (status) => this.settle(token, 'stored', () => status.entry),
        (e) => this.settle(token, 'stored', () => {
          throw e;
        }),
      );
      return;
    }
    this.settle(token, null, () => null);
  }

  /** Reads the inline JSON; false when there is none. */
  private readInline(token: number): boolean {
    const script = this.host.querySelector(INLINE);
    const text = script?.textContent ?? null;
    this.inlineText = text;
    if (text === null || text.trim() === '') return false;
    this.settle(token, 'inline', () => parseMediaEntry(text, { baseUrl: document.baseURI }));
    return true;
  }

  private settle(token: number, origin: EntryOrigin, get: () => MediaEntry | null): void {
    if (token !== this.token) return;
    let entry: MediaEntry | null = null;
    let error: OfflineError | null = null;
    try {
      entry = get();
    } catch (e) {
      // Inline JSON the parser has not finished adding: wait for the rest.
      if (origin === 'inline' && document.readyState === 'loading') {
        if (!this.waitingForParser) document.addEventListener('DOMContentLoaded', this.onParsed, { once: true });
        this.waitingForParser = true;
        return;
      }
      error = asOfflineError(e, ErrorCode.INVALID_ENTRY, 'Loading the media entry');
    }
    const same = entry === this.entry && error === this.error && origin === this.origin;
    this.entry = entry;
    this.error = error;
    this.origin = origin;
    if (same) return;
    this.host.requestUpdate();
    this.onChange(entry, error);
  }

  private inlineChanged(): void {
    if (this.given !== null || this.host.src) return;
    const text = this.host.querySelector(INLINE)?.textContent ?? null;
    if (text !== this.inlineText) this.resolve();
  }

  private readonly onParsed = (): void => {
    this.waitingForParser = false;
    this.resolve();
  };

  /** Back online: an entry that could not be fetched may be now. */
  private readonly onOnline = (): void => {
    if (this.error && this.origin === 'src') this.resolve();
  };
}

/** True when an error means "there is nothing here to play or download" rather than a failure to retry. */
export function isEntryError(error: OfflineError | null): boolean {
  return OfflineError.is(error, ErrorCode.INVALID_ENTRY) || OfflineError.is(error, ErrorCode.NOT_AVAILABLE_OFFLINE);
}
