// The segment exchange: where a player in this page finds the download of
// the asset it plays, if one runs here. The download job opens it for the
// time its transfer runs and closes it after; the player only asks
// (bytesOf). Keyed by the asset's media key, unique per manager namespace
// and asset, so two managers on one page never meet. Per page on purpose:
// a download running in another tab is not here, and the player then reads
// what that tab has stored and fetches the rest itself.

/** What a running download offers players of its asset. */
export interface SegmentSource {
  /** The bytes, as stored, of the planned resource `resourceId` names; null when the download will not provide it. */
  bytesOf(resourceId: string, signal: AbortSignal): Promise<Uint8Array | null>;
}

const open = new Map<string, SegmentSource>();

export const SegmentExchange = {
  open(mediaKey: string, source: SegmentSource): void {
    open.set(mediaKey, source);
  },

  close(mediaKey: string, source: SegmentSource): void {
    if (open.get(mediaKey) === source) open.delete(mediaKey);
  },

  /** The download of this asset running in this page, if any. */
  find(mediaKey: string): SegmentSource | null {
    return open.get(mediaKey) ?? null;
  },
};
