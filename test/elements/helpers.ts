// Shared helpers for the element tests.
import { waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type LocalAssetsManagerOptions } from '../../src/index.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';

let n = 0;

/** A manager on its own fresh store, so tests do not see each other's assets. */
export function isolatedManager(label: string, options?: LocalAssetsManagerOptions): LocalAssetsManager {
  return new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-el-${label}-${Date.now()}-${++n}` }), options);
}

export async function waitForState(button: DownloadButtonElement, state: string, timeout = 20000): Promise<void> {
  await waitUntil(() => button.state === state, `button state ${state} (is ${button.state}, error ${button.error?.message ?? 'none'})`, { timeout });
}

/** Removes every asset of a manager (test cleanup; removal must not fail, so a failure fails the test). */
export async function removeAll(manager: LocalAssetsManager): Promise<void> {
  for (const status of await manager.listAssets()) await manager.removeAsset(status.assetId);
}
