// The parts of the service a page needs only once it downloads, plays,
// renews or removes something. They load on first use (their own chunks in
// the ESM bundle), so a page that only shows download buttons pays for the
// buttons, the registrations and the events, not for the download machinery.
export const lazy = {
  lifecycle: () => import('./lifecycle/asset-lifecycle.js'),
  capabilities: () => import('./capabilities/capabilities.js'),
  sourceChoice: () => import('./capabilities/source-choice.js'),
  prepare: () => import('./prepare.js'),
  job: () => import('./download/download-job.js'),
  quota: () => import('./download/quota.js'),
  thirdParty: () => import('./download/third-party.js'),
  storedMedia: () => import('./databases/stored-media.js'),
  localEntry: () => import('./local-entry.js'),
  release: () => import('./drm/release.js'),
  renewal: () => import('./drm/renewal.js'),
  autoRenew: () => import('./drm/auto-renew.js'),
  cleanup: () => import('./registry/cleanup.js'),
  handover: () => import('./background/page-handover.js'),
  background: () => import('./lifecycle/background.js'),
};
