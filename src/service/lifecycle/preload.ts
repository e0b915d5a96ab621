import { lazy } from '../lazy.js';

/**
 * A page with downloads loads the code that plays them locally ahead of time:
 * if the network goes away later, there is nothing left to fetch to play them
 * (a cold start gets the same code from the offline shell's precache).
 */
export function preloadLocalPlayback(): void {
  void lazy.localEntry().catch(() => undefined);
}
