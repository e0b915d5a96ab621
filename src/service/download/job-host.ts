import type { OfflineError } from '../../errors.js';
import type { PreparedDownload } from '../prepared-download.js';
import type { AssetRecord, AssetState, StateReason } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { ResolvedOptions } from '../options.js';

/** What a DownloadJob needs from the manager that runs it. */
export interface JobHost {
  readonly registry: AssetRegistry;
  readonly options: ResolvedOptions;
  setState(record: AssetRecord, state: AssetState, reason: StateReason): Promise<void>;
  fail(record: AssetRecord, error: OfflineError, reason: StateReason): Promise<void>;
  /** The download finished: `bytes` are stored. */
  complete(record: AssetRecord, bytes: number): Promise<void>;
  progress(assetId: string, bytesDone: number, estimatedTotal: number): void;
  /** Plans again an asset interrupted before its manifest was stored. */
  prepareAgain(record: AssetRecord): Promise<PreparedDownload>;
}
