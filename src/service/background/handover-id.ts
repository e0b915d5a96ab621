// A background download's Background Fetch id: what the service worker needs
// to find the asset again once every page is closed (the LocalDataStore's
// database, the asset id) and nothing else. The page writes it into the
// asset's record (`background.id`); the worker reads it from the event.

const PREFIX = 'offline-player-bg';

export interface HandoverTarget {
  /** localforage database and object store of the DefaultLocalDataStore that holds the record. */
  storeName: string;
  storeTable: string;
  assetId: string;
}

/** A new id for a handover of `target` (unique: an abort followed by a resume hands over again). */
export function handoverId(target: HandoverTarget): string {
  const nonce = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return [PREFIX, target.storeName, target.storeTable, target.assetId, nonce].map(encodeURIComponent).join('|');
}

/** The target named by an id, or null for an id that is not ours (another fetch of the site). */
export function parseHandoverId(id: string): HandoverTarget | null {
  const parts = id.split('|');
  if (parts.length !== 5 || parts[0] !== PREFIX) return null;
  try {
    const [, storeName, storeTable, assetId] = parts.map(decodeURIComponent);
    return storeName && storeTable && assetId ? { storeName, storeTable, assetId } : null;
  } catch {
    return null;
  }
}
