/** Set by the build from package.json (`dev` when the sources run directly, as in the tests). */
declare const __OFFLINE_PLAYER_VERSION__: string | undefined;

/** The library's version. */
export const VERSION: string = typeof __OFFLINE_PLAYER_VERSION__ === 'string' ? __OFFLINE_PLAYER_VERSION__ : 'dev';
