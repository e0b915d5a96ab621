// The one LocalAssetsManager every element uses unless a page hands an
// element its own (`element.manager = ...`), model-viewer style. It is kept
// on a global symbol, so two builds of the library on one page (the ESM
// bundle and the IIFE embed) share it instead of racing on the same store.
import { LocalAssetsManager } from './local-assets-manager.js';

const KEY = Symbol.for('offline-player.default-manager');
type Holder = { [KEY]?: LocalAssetsManager };

export function getDefaultManager(): LocalAssetsManager {
  const holder = globalThis as Holder;
  holder[KEY] ??= new LocalAssetsManager();
  return holder[KEY];
}

/** Replaces the default manager (before elements connect, or for tests). */
export function setDefaultManager(manager: LocalAssetsManager): void {
  (globalThis as Holder)[KEY] = manager;
}
