// The Web Lock names of a store's download queue, shared by every tab: the
// queue lock (its order is read-modify-written under it) and the slots (a
// running download holds one; as many slots as the concurrency limit).
export const queueLockName = (namespace: string): string => `offline-player:${namespace}:queue`;
export const slotLockName = (namespace: string, index: number): string => `offline-player:${namespace}:slot:${index}`;
