// The service worker's stand-in for service/lazy.ts (swapped in by the worker's
// build, rollup.config.js): a lifecycle in the worker only settles background
// fetches, so only what that needs is bundled. The rest (planning, Shaka,
// EME, the page's download job) is page code; asking for it here is a bug.
import type { lazy as pageLazy } from '../../service/lazy.js';

const pageOnly = (what: string) => () => Promise.reject(new Error(`offline-player: ${what} is page code, not in the service worker`));

export const lazy: typeof pageLazy = {
  lifecycle: () => import('../../service/lifecycle/asset-lifecycle.js'),
  storedMedia: () => import('../../service/databases/stored-media.js'),
  capabilities: pageOnly('capabilities'),
  sourceChoice: pageOnly('source choice'),
  prepare: pageOnly('prepare'),
  job: pageOnly('the download job'),
  quota: pageOnly('quota'),
  thirdParty: pageOnly('third-party registration'),
  localEntry: pageOnly('local playback'),
  release: pageOnly('licence release'),
  renewal: pageOnly('licence renewal'),
  autoRenew: pageOnly('auto-renewal'),
  cleanup: pageOnly('cleanup'),
  handover: pageOnly('handover'),
  background: () => import('../../service/lifecycle/background.js'),
};
