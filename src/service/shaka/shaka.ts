// The one module that owns Shaka Player: it loads the library lazily (a page
// with only download buttons never pays for it), hides its UMD quirks and
// never touches `window.shaka`: nothing else loads or configures Shaka globally.
import type shakaNamespace from 'shaka-player/dist/shaka-player.compiled-es2021.js';

// Shaka's typings are a CommonJS file with `export default`: under `moduleResolution:
// NodeNext` its default import is the whole module (`{ default: shaka }`), under
// `Bundler` it is the namespace. Unwrap it, so the published types hold in both.
export type Shaka = typeof shakaNamespace extends { default: infer S } ? S : typeof shakaNamespace;
export type ShakaPlayer = InstanceType<Shaka['Player']>;

let loading: Promise<Shaka> | undefined;
let loaded: Shaka | undefined;

/**
 * Loads Shaka Player once. Its compiled file is UMD; every build (and the test
 * runner) turns it into an ES module with a default export
 * (scripts/lib/shaka-esm-plugin.mjs), so it never touches `window.shaka`.
 */
export function loadShaka(): Promise<Shaka> {
  loading ??= (async () => {
    const { default: shaka } = await import('shaka-player/dist/shaka-player.compiled-es2021.js');
    if (!shaka?.Player) throw new Error('Shaka Player did not load');
    shaka.polyfill.installAll();
    loaded = shaka;
    return shaka;
  })().catch((e: unknown) => {
    // A load that failed (the network went away) is tried again next time.
    loading = undefined;
    throw e;
  });
  return loading;
}

/** True once Shaka is in memory (without loading it). */
export function isShakaLoaded(): boolean {
  return loaded !== undefined;
}
