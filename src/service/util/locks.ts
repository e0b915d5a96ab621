// Web Locks, the one way this library makes pages of one origin take turns.
// Where the API is missing (old browsers), the same calls take turns within
// the page only: each tab then works alone.

/** A lock taken without waiting; `release()` lets it go. */
export interface HeldLock {
  release(): void;
  /** Settles once the lock is really let go (other pages can take it then). */
  readonly released: Promise<void>;
}

const locks = (): LockManager | null => (typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null);

/** In-page stand-in: a promise chain per name, and who holds what. */
const local = { chains: new Map<string, Promise<unknown>>(), held: new Set<string>() };

/** Runs `body` holding the lock `name` (waits for it); resolves with its result. */
export function withLock<T>(name: string, body: () => Promise<T>): Promise<T> {
  const manager = locks();
  if (manager) return manager.request(name, () => body()) as Promise<T>;
  const previous = local.chains.get(name) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(async () => {
    local.held.add(name);
    try {
      return await body();
    } finally {
      local.held.delete(name);
    }
  });
  local.chains.set(name, next);
  return next;
}

/** Takes `name` if nobody holds it, until `release()`; null when it is held. */
export function tryLock(name: string): Promise<HeldLock | null> {
  const manager = locks();
  if (!manager) {
    if (local.held.has(name)) return Promise.resolve(null);
    local.held.add(name);
    const released = Promise.resolve();
    return Promise.resolve({ release: () => local.held.delete(name), released });
  }
  return new Promise((resolve) => {
    let release!: () => void;
    const kept = new Promise<void>((r) => (release = r));
    let granted = false;
    const request = manager.request(name, { ifAvailable: true }, async (lock) => {
      if (!lock) return resolve(null);
      granted = true;
      resolve({ release, released: request.then(() => undefined, () => undefined) });
      await kept;
    });
    request.catch(() => {
      if (!granted) resolve(null);
    });
  });
}

/** Whether some page of the origin (this one included) holds `name`. */
export async function isHeld(name: string): Promise<boolean> {
  const manager = locks();
  if (!manager) return local.held.has(name);
  const { held = [] } = await manager.query();
  return held.some((lock) => lock.name === name);
}

/** Resolves once nobody holds `name` (when its holder lets go or its page goes away). */
export async function whenFree(name: string, signal?: AbortSignal): Promise<void> {
  const manager = locks();
  if (!manager) {
    while (local.held.has(name)) {
      if (signal?.aborted) throw signal.reason;
      await new Promise((r) => setTimeout(r, 50));
    }
    return;
  }
  await manager.request(name, { signal }, async () => undefined);
}
