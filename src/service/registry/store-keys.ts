// The keys the manager keeps in its LocalDataStore (all under one prefix, so
// a store with \`loadAll\` hands every one over in one read at start-up).
export const PREFIX = 'offline-player/';
/** This store's id: a random one, or the store's own \`id\` (written with the first record: a page that only reads writes nothing). */
export const NAMESPACE = `${PREFIX}namespace`;
/** JSON array of asset ids (the index; read-modify-write under a lock). */
export const INDEX = `${PREFIX}assets`;
/** JSON array of release ids: licences removed whose release failed. */
export const RELEASES = `${PREFIX}releases`;
/** The download queue's order, JSON array of asset ids (its owner: service/queue/). */
export const QUEUE = `${PREFIX}queue`;
export const ASSET = `${PREFIX}asset/`;
export const LICENCE = `${PREFIX}licence/`;
/** AssetRecord JSON. */
export const assetKey = (id: string): string => `${ASSET}${id}`;
/** LicenceRecord JSON. */
export const licenceKey = (id: string): string => `${LICENCE}${id}`;
/** The LicenceRecord still to release. */
export const releaseKey = (id: string): string => `${PREFIX}release/${id}`;
