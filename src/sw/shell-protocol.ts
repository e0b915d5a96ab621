// What the page and the offline shell worker say to each other, and the one
// rule both use for "a static file of the page" (kept by the worker, never
// media).

export const SHELL_MESSAGES = {
  /** Page -> worker: keep these URLs the page loaded before the worker controlled it. */
  warm: 'OFFLINE_PLAYER_WARM',
  /** Page -> worker: a waiting new version takes over now. */
  skipWaiting: 'SKIP_WAITING',
  /** Page -> worker (with a MessagePort): which library version the worker serves. */
  version: 'OFFLINE_PLAYER_VERSION',
} as const;

/** The worker's answer to `version`. */
export interface ShellInfo {
  version: string;
  library: string | null;
  /** The worker stores background downloads (Background Fetch) where the browser has it. */
  backgroundDownloads: boolean;
}

/** Asks the worker that controls this page which library version it serves (null: none controls it, or no answer in time). */
export function askShell(timeoutMs: number): Promise<ShellInfo | null> {
  const worker = typeof navigator !== 'undefined' ? navigator.serviceWorker?.controller : null;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), timeoutMs);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve((event.data as ShellInfo | null) ?? null);
    };
    worker.postMessage({ type: SHELL_MESSAGES.version }, [channel.port2]);
  });
}

export interface WarmMessage {
  type: typeof SHELL_MESSAGES.warm;
  /** Page URLs (navigations). */
  pages: string[];
  /** Scripts, styles, images and fonts the page loaded. */
  assets: string[];
  /** Media entry JSON the library fetched. */
  entries: string[];
}

/** Scripts, styles, images and fonts by their extension; never media, manifests or segments. */
export function isStaticAssetPath(pathname: string): boolean {
  return /\.(m?js|css|png|jpe?g|gif|svg|webp|avif|ico|woff2?|webmanifest)$/i.test(pathname);
}
