import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { ErrorCode, asOfflineError } from '../../errors.js';
import type { DownloadErrorDetail } from '../../events/download-error.js';
import type { DownloadRequestDetail } from '../../events/download-request.js';
import type { PlayRequestDetail } from '../../events/play-request.js';
import type { RemoveRequestDetail } from '../../events/remove-request.js';
import { getDefaultManager } from '../../service/default-manager.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { COMMON_LABELS, type CommonLabels } from '../shared/common.labels.js';
import { ConfirmController } from '../shared/confirm.js';
import { fire } from '../shared/dispatch.js';
import { formatBytes } from '../shared/format.js';
import { LocaleController, fill, textOf } from '../shared/i18n.js';
import { LinkedPlayer, type PlayerLike } from '../shared/linked-player.js';
import { NetworkController } from '../shared/network.js';
import { AssetsController } from './offline-downloads.assets.js';
import { DOWNLOADS_LABELS, DOWNLOADS_LABEL_ATTRIBUTES, type OfflineDownloadsLabels } from './offline-downloads.labels.js';
import { styles } from './offline-downloads.styles.js';
import { type ListModel, renderList } from './offline-downloads.template.js';
import { type RowAction, type RowModel, rowModel } from './offline-downloads.view.js';

/** What the list needs of a linked player to play a download in it. */
interface PlayablePlayer extends PlayerLike {
  assetId: string | null;
  currentSource: unknown;
  local: boolean;
  play(): Promise<void>;
  video: HTMLVideoElement;
}

/**
 * The downloads kept by this browser for this site, as a list: poster, title,
 * what was kept (quality, languages), the state with its reason, the size of
 * the total, the progress, and the one action that fits (play, pause, resume,
 * retry, renew, and "Download next" for a queued one) beside "Remove", which asks first. Above it, the storage used
 * and whether the browser keeps it. It works with the network cut (nothing in
 * it needs the network but resuming), by keyboard, and on a phone (the cards
 * stack). It follows the manager's status of each download, in every tab.
 *
 * "Play" fires a cancelable `play-request`; unless a listener prevents it,
 * the player named by `for` plays the download. Texts follow the element's
 * `lang` (built in: en, fr, de, es); each has a `label-<name>` attribute
 * (listed in custom-elements.json) and the `labels` property.
 *
 * @summary The list of downloads, with their state, size and actions, and the storage used.
 * @tag offline-downloads
 *
 * @attr for - Id of the `<offline-player>` that plays a download when "Play" is pressed (same document or shadow root).
 *
 * @fires {CustomEvent<PlayRequestDetail>} play-request - Cancelable, when "Play" is pressed. `detail: { assetId, entry }`.
 * @fires {CustomEvent<DownloadRequestDetail>} download-request - Cancelable, before a download resumes or is retried. `detail: { assetId, entry, action: 'resume' | 'retry' }`.
 * @fires {CustomEvent<RemoveRequestDetail>} remove-request - Cancelable, before a download is removed or cancelled (after the person confirmed). `detail: { assetId, cancel }`.
 * @fires {CustomEvent<DownloadErrorDetail>} download-error - An action failed. `detail: { assetId, error: OfflineError }`.
 *
 * @slot empty - More content for the empty state (a link to the catalogue, for example).
 *
 * @csspart base - The wrapper of everything.
 * @csspart storage - The storage used and whether the browser keeps it.
 * @csspart offline - The note shown while the browser has no network.
 * @csspart list - The list of downloads.
 * @csspart item - One download.
 * @csspart thumbnail - A download's poster.
 * @csspart title - A download's title.
 * @csspart actions - A download's buttons.
 * @csspart empty - What is shown when there is no download.
 * @csspart confirm - The dialog that asks before removing or cancelling.
 *
 * @cssproperty --offline-downloads-accent - Colour of the progress, the storage meter and the main buttons (default #2563eb).
 * @cssproperty --offline-downloads-thumbnail-width - Width of the posters on a wide layout (default 8rem).
 */
export class OfflineDownloadsElement extends LitElement {
  static override styles = styles;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...DOWNLOADS_LABEL_ATTRIBUTES];
  }

  @property({ reflect: true }) for: string | null = null;
  /** Texts as one object (`label-*` attributes win over it); also the shared words for sizes and errors. */
  @property({ attribute: false }) labels: Partial<OfflineDownloadsLabels & CommonLabels> = {};

  /** The manager (default: the shared default manager). */
  @property({ attribute: false })
  get manager(): LocalAssetsManager {
    return this._manager ?? getDefaultManager();
  }
  set manager(value: LocalAssetsManager | null) {
    const old = this._manager;
    this._manager = value ?? undefined;
    this.requestUpdate('manager', old);
  }

  /** Every download, newest first (the statuses shown). */
  get assets(): readonly AssetStatus[] {
    return this.list.assets;
  }

  /** The linked player (resolved from `for`), or null. */
  get player(): PlayerLike | null {
    return this.link.player;
  }

  /** Resolves once the texts for the element's language are loaded and shown. */
  get localeReady(): Promise<void> {
    return this.locale.ready.then(() => this.updateComplete).then(() => undefined);
  }

  private _manager?: LocalAssetsManager;
  private readonly list = new AssetsController(this, () => this.manager);
  private readonly locale = new LocaleController(this);
  private readonly network = new NetworkController(this);
  private readonly confirm = new ConfirmController(this);
  private readonly link = new LinkedPlayer(this, () => this.for, () => this.requestUpdate());

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name.startsWith('label-')) this.requestUpdate();
    if (name === 'for') this.link.resolve();
  }

  private text(name: keyof OfflineDownloadsLabels): string {
    return textOf(this, this.labels, this.locale.table?.downloads, DOWNLOADS_LABELS, name);
  }

  private common(name: keyof CommonLabels): string {
    return textOf(this, this.labels, this.locale.table?.common, COMMON_LABELS, name, false);
  }

  private status(assetId: string): AssetStatus | undefined {
    return this.list.assets.find((a) => a.assetId === assetId);
  }

  private async run(assetId: string, action: () => Promise<unknown>, fallback: ErrorCode, doing: string): Promise<void> {
    try {
      await action();
    } catch (e) {
      fire<DownloadErrorDetail>(this, 'download-error', { assetId, error: asOfflineError(e, fallback, doing) });
    }
  }

  private onAction(row: RowModel, action: RowAction): void {
    const { assetId } = row;
    const entry = this.status(assetId)?.entry ?? null;
    const manager = this.manager;
    if (action === 'play') return void this.play(assetId, entry);
    if (action === 'pause') return void this.run(assetId, () => manager.pauseDownload(assetId), ErrorCode.STORAGE_ERROR, 'Pausing');
    if (action === 'next') return void this.run(assetId, () => manager.moveToFront(assetId), ErrorCode.STORAGE_ERROR, 'Moving the download to the front');
    if (action === 'renew') return void this.run(assetId, () => manager.renewAsset(assetId), ErrorCode.LICENSE_REQUEST_FAILED, 'Renewing the licence');
    if (entry && !fire<DownloadRequestDetail>(this, 'download-request', { assetId, entry, action: action === 'retry' ? 'retry' : 'resume' }, { cancelable: true })) return;
    void this.run(assetId, () => manager.resumeDownload(assetId), ErrorCode.STORAGE_ERROR, 'Resuming the download');
  }

  /** Plays the download in the linked player (after a cancelable play-request), and moves focus to it. */
  private async play(assetId: string, entry: MediaEntry | null): Promise<void> {
    if (!fire<PlayRequestDetail>(this, 'play-request', { assetId, entry }, { cancelable: true })) return;
    const player = this.link.player as PlayablePlayer | null;
    if (!player || !entry) return;
    if (player.effectiveAssetId !== assetId || player.entry?.id !== entry.id || !player.local) {
      const loaded = new Promise((resolve) => player.addEventListener('source-change', resolve, { once: true }));
      player.removeAttribute('src');
      player.assetId = assetId;
      player.entry = entry;
      await Promise.race([loaded, new Promise((r) => setTimeout(r, 10000))]);
    }
    player.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    player.video.focus();
    await player.play();
  }

  /** Asks, then removes (after a cancelable remove-request); focus goes to the next download, else the empty state. */
  private askToRemove(row: RowModel, opener: HTMLElement): void {
    const words = {
      question: this.text(row.removeKind === 'remove' ? 'confirmRemove' : 'confirmCancel'),
      text: fill(this.text('confirmText'), { title: row.title }),
      confirm: this.text(row.removeKind),
      keep: this.text('keep'),
    };
    this.confirm.ask(words, () => void this.removeDownload(row), opener);
  }

  private async removeDownload(row: RowModel): Promise<void> {
    const { assetId } = row;
    if (!fire<RemoveRequestDetail>(this, 'remove-request', { assetId, cancel: row.removeKind === 'cancel' }, { cancelable: true })) return;
    const index = this.list.assets.findIndex((a) => a.assetId === assetId);
    await this.run(assetId, () => this.manager.removeAsset(assetId), ErrorCode.STORAGE_ERROR, 'Removing');
    await this.updateComplete;
    const items = [...this.shadowRoot!.querySelectorAll<HTMLElement>('[part=item]')].filter((item) => item.dataset.assetId !== assetId);
    const next = items[Math.min(Math.max(index, 0), items.length - 1)];
    (next?.querySelector<HTMLElement>('button') ?? this.shadowRoot!.querySelector<HTMLElement>('[part=empty]'))?.focus();
  }

  private onKeydown(row: RowModel, event: KeyboardEvent): void {
    if (event.key !== 'Delete' && event.key !== 'Backspace') return;
    event.preventDefault();
    this.askToRemove(row, event.currentTarget as HTMLElement);
  }

  protected override render() {
    const lang = this.locale.lang;
    const words = { lang, text: (name: keyof OfflineDownloadsLabels) => this.text(name), common: (name: keyof CommonLabels) => this.common(name) };
    const units = { sizeOf: this.common('sizeOf'), kilobytes: this.common('kilobytes'), megabytes: this.common('megabytes'), gigabytes: this.common('gigabytes') };
    const storage = this.list.storage;
    const model: ListModel = {
      loaded: this.list.loaded,
      rows: this.list.assets.map((status) => rowModel(status, words)),
      listName: this.text('list'),
      storage: storage && storage.usage !== null && storage.quota
        ? {
            used: fill(this.text('storageUsed'), { used: formatBytes(storage.usage, lang, units), quota: formatBytes(storage.quota, lang, units) }),
            fraction: Math.min(1, storage.usage / storage.quota),
            persistent: storage.persisted === true,
            persistence: this.text(storage.persisted ? 'persistent' : 'notPersistent'),
          }
        : null,
      offline: this.network.online ? null : this.text('offline'),
      empty: { title: this.text('empty'), hint: this.text('emptyHint') },
      actionLabel: (action) => this.text(action),
      progressName: this.text('progressName'),
    };
    const handlers = {
      action: (row: RowModel, action: RowAction) => this.onAction(row, action),
      remove: (row: RowModel, opener: HTMLElement) => this.askToRemove(row, opener),
      keydown: (row: RowModel, event: KeyboardEvent) => this.onKeydown(row, event),
    };
    return renderList(model, handlers, this.confirm.render());
  }
}
