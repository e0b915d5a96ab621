// What a page loads (on first use) to hand a download to the browser.
export { handoverId } from './handover-id.js';
export { backgroundFetchManager, keptInPageBecause, shellStoresBackgroundDownloads, startBackgroundFetch } from './handover.js';
