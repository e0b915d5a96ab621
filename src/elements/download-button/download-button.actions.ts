// What the button asks of the manager, and what happens here before the
// manager knows of the download: a download being prepared, an action that
// failed without changing the asset's status. Each request that a page may
// veto fires its cancelable event first (download-request, remove-request).
import type { ReactiveControllerHost } from 'lit';
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { DownloadErrorDetail } from '../../events/download-error.js';
import type { DownloadRequestDetail } from '../../events/download-request.js';
import type { RemoveRequestDetail } from '../../events/remove-request.js';
import type { TrackSelection } from '../../service/download/tracks.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import type { PreparedDownload } from '../../service/prepared-download.js';
import { fire } from '../shared/dispatch.js';
import type { DownloadButtonState } from './download-button.view.js';

export interface ActionsHost extends ReactiveControllerHost, HTMLElement {
  readonly entry: MediaEntry | null;
  readonly effectiveAssetId: string | null;
  readonly manager: LocalAssetsManager;
  readonly state: DownloadButtonState;
  readonly selection: TrackSelection;
}

export class DownloadActions {
  /** A download is being prepared here (nothing registered yet). */
  preparing = false;
  /** The last action that failed without changing the status (a start refused before registration, a pause refused). */
  error: OfflineError | null = null;
  private cancelRequested = false;

  constructor(
    private readonly host: ActionsHost,
    /** Whether the manager knows the asset. */
    private readonly registered: () => boolean,
    /** Why the entry cannot be used, if so. */
    private readonly entryError: () => OfflineError | null,
  ) {}

  /** Fires download-error. */
  report(error: OfflineError): void {
    fire<DownloadErrorDetail>(this.host, 'download-error', { assetId: this.host.effectiveAssetId ?? '', error });
  }

  private set(changes: Partial<Pick<DownloadActions, 'preparing' | 'error'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }

  /** Runs an action; its failure is kept, shown and fired (and returned). */
  private async act(action: () => Promise<unknown>, doing: string, fallback: ErrorCode): Promise<OfflineError | null> {
    try {
      await action();
      return null;
    } catch (e) {
      const error = asOfflineError(e, fallback, doing);
      this.set({ error });
      this.report(error);
      return error;
    }
  }

  /** Starts, resumes or retries with the preset or default choice; rejects when there is nothing to download. */
  async download(): Promise<void> {
    const { entry, effectiveAssetId: assetId, state, manager } = this.host;
    if (!entry || !assetId) {
      const error = this.entryError() ?? new OfflineError(ErrorCode.INVALID_ENTRY, 'There is nothing to download: give the button an entry, a src, or link it to a player');
      this.set({ error });
      this.report(error);
      throw error;
    }
    if (this.preparing) return;
    const action = state === 'paused' ? 'resume' : state === 'failed' ? 'retry' : 'start';
    if (!fire<DownloadRequestDetail>(this.host, 'download-request', { assetId, entry, action }, { cancelable: true })) return;
    this.set({ error: null });
    if (this.registered()) {
      // Its entry goes along: after a reload, a download whose signed URLs were not stored (stripQueryParameters) needs them again.
      await this.act(() => manager.resumeDownload(assetId, { entry }), 'Resuming the download', ErrorCode.STORAGE_ERROR);
      return;
    }
    await this.begin(() => manager.prepareForDownload(entry, { assetId, selection: this.host.selection }));
  }

  /** Starts a download the menu prepared, with the person's choice. */
  async start(prepared: PreparedDownload): Promise<void> {
    if (this.preparing) return;
    if (!fire<DownloadRequestDetail>(this.host, 'download-request', { assetId: prepared.assetId, entry: prepared.entry, action: 'start' }, { cancelable: true })) return;
    this.set({ error: null });
    await this.begin(async () => prepared);
  }

  private async begin(prepare: () => Promise<PreparedDownload>): Promise<void> {
    this.set({ preparing: true });
    this.cancelRequested = false;
    await this.act(
      async () => {
        const prepared = await prepare();
        // Cancelled while preparing: nothing was registered, nothing to start.
        if (!this.cancelRequested) await this.host.manager.startDownload(prepared);
      },
      'Downloading',
      ErrorCode.NETWORK_ERROR,
    ).finally(() => this.set({ preparing: false }));
  }

  async pause(): Promise<void> {
    const assetId = this.host.effectiveAssetId;
    if (assetId) await this.act(() => this.host.manager.pauseDownload(assetId), 'Pausing', ErrorCode.STORAGE_ERROR);
  }

  async renew(): Promise<void> {
    const assetId = this.host.effectiveAssetId;
    if (assetId) await this.act(() => this.host.manager.renewAsset(assetId), 'Renewing the licence', ErrorCode.LICENSE_REQUEST_FAILED);
  }

  async remove(): Promise<void> {
    const assetId = this.host.effectiveAssetId;
    if (!assetId) return;
    if (!fire<RemoveRequestDetail>(this.host, 'remove-request', { assetId, cancel: this.host.state !== 'completed' }, { cancelable: true })) return;
    if (this.preparing) this.cancelRequested = true;
    this.set({ error: null });
    if (this.registered()) await this.act(() => this.host.manager.removeAsset(assetId), 'Removing', ErrorCode.STORAGE_ERROR);
  }

  /** The menu could not prepare: fired, and kept like any failed start. */
  prepareFailed(e: unknown): void {
    this.report(asOfflineError(e, ErrorCode.MANIFEST_ERROR, 'Preparing the download'));
  }
}
