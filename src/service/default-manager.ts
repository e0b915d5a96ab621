// The one LocalAssetsManager every element uses unless a page hands an
// element its own (`element.manager = ...`), model-viewer style.
import { LocalAssetsManager } from './local-assets-manager.js';

let instance: LocalAssetsManager | undefined;

export function getDefaultManager(): LocalAssetsManager {
  instance ??= new LocalAssetsManager();
  return instance;
}

/** Replaces the default manager (before elements connect, or for tests). */
export function setDefaultManager(manager: LocalAssetsManager): void {
  instance = manager;
}
