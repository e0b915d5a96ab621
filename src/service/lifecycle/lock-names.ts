// The Web Lock names of an asset, shared by every tab of a store: the asset's
// lock (its operations, one at a time) and its run lock (held by the tab that
// runs its download). Pages that only watch an asset ask about the run lock
// without loading the operations (asset-lifecycle.ts loads on first use).
export const assetLockName = (namespace: string, assetId: string): string => `offline-player:${namespace}:asset:${assetId}`;
export const runLockName = (namespace: string, assetId: string): string => `offline-player:${namespace}:run:${assetId}`;
