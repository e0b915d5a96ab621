// What a download job reports to its asset's lifecycle, and how the
// lifecycle writes it: the plan once stored, bytes starting to move, how the
// job ended. Every write runs as one of the asset's operations (its lock), so
// the lifecycle stays the one writer of the record; the job never writes.
import { ErrorCode } from '../../errors.js';
import type { JobHost, JobOutcome } from '../download/download-job.js';
import { TransferStopped } from '../download/retry.js';
import type { MediaEntry } from '../model/media-entry.js';
import type { AssetRecord, StateReason } from '../registry/asset-record.js';
import type { LifecycleContext } from './asset-lifecycle.js';
import type { BackgroundPart } from './background-part.js';
import { withFullUrls } from './full-urls.js';
import { preloadLocalPlayback } from './preload.js';
import type { RecordWriter } from './record-writer.js';

/** What of its lifecycle the reports need. */
export interface Reporting {
  readonly assetId: string;
  readonly ctx: LifecycleContext;
  readonly records: RecordWriter;
  /** The entry with its full URLs, when the stored one was stripped (see full-urls.ts). */
  fullEntry(): MediaEntry | null;
  /** Runs `body` as one of the asset's operations (holding its lock). */
  operation<T>(body: () => Promise<T>): Promise<T>;
  /** Stops the job running here (a pause asked while it was starting). */
  stop(reason: 'user'): void;
  /** Its downloads handed to the browser (Background Fetch). */
  background(): BackgroundPart;
}

/** The host a job reports to. */
export function jobHost(r: Reporting): JobHost {
  const check = async (): Promise<AssetRecord> => {
    const record = await r.records.read();
    if (!record || record.pending === 'remove') throw new TransferStopped('cancelled');
    return record;
  };
  return {
    options: r.ctx.options,
    licenceKept: !!r.ctx.registry.licence(r.assetId),
    // Planned again from the entry with its full URLs (the stored one may lack signed parameters).
    prepareAgain: async () => r.ctx.replan(withFullUrls((await r.records.read()) ?? r.ctx.registry.get(r.assetId)!, r.fullEntry(), r.ctx.registry)),
    planned: ({ manifestKey, estimatedTotalBytes, licence }) =>
      r.operation(async () => {
        const record = await check();
        await r.records.commit({ ...record, manifestKey, estimatedTotalBytes }, [], licence ?? undefined);
      }),
    downloading: () =>
      r.operation(async () => {
        const record = await check();
        if (record.pending === 'pause') r.stop('user');
        else if (record.state !== 'downloading') await r.records.moveTo(record, { state: 'downloading' });
      }),
    progress: (bytes, total) => r.ctx.hub.progress(r.assetId, bytes, total),
    handOver: r.ctx.background ? (input) => r.background().handOver(input, check) : undefined,
  };
}

/** Writes how the job ended (nothing when the asset is being removed: the removal finishes it). */
export function writeOutcome(r: Reporting, outcome: JobOutcome): Promise<void> {
  return r.operation(async () => {
    const record = await r.records.read();
    if (!record || record.pending === 'remove') return;
    // Handed to the browser: the record already says so; the worker settles it.
    if (outcome.kind === 'background') return;
    if (outcome.kind === 'completed') {
      preloadLocalPlayback();
      r.ctx.hub.progress(r.assetId, outcome.bytes, outcome.bytes, true);
      await r.records.moveTo(
        record,
        { state: 'completed', pending: null, bytesDownloaded: outcome.bytes, estimatedTotalBytes: outcome.bytes, downloadedAt: Date.now() },
        [{ type: 'registration-change', change: 'updated' }],
        outcome.licence ?? undefined,
      );
    } else if (outcome.kind === 'stopped') {
      const reason: StateReason = record.pending === 'pause' ? 'user' : outcome.reason === 'cancelled' ? 'user' : outcome.reason;
      await r.records.moveTo(record, { state: 'paused', reason, pending: null, bytesDownloaded: outcome.bytes }, [], undefined, true);
    } else {
      const reason: StateReason = outcome.error.code === ErrorCode.QUOTA_EXCEEDED ? 'quota' : 'error';
      await r.records.moveTo(
        record,
        { state: 'failed', reason, pending: null, bytesDownloaded: outcome.bytes, error: { code: outcome.error.code, message: outcome.error.message } },
        [{ type: 'download-error', error: outcome.error }],
        undefined,
        true,
      );
    }
  });
}
