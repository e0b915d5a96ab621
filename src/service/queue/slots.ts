// The download slots of a store: N Web Locks, one held by each running
// download in any tab, so that N downloads run in total however many tabs are
// open. A tab that goes away lets go of its slots with its locks.
import { type HeldLock, tryLock } from '../util/locks.js';
import { slotLockName } from './queue-names.js';

export class Slots {
  constructor(
    private readonly namespace: () => string,
    readonly limit: number,
    /** Called after a slot taken here is let go (the queue may start its head). */
    private readonly freed: () => void,
  ) {}

  /** A free slot, taken until `release()`; null when all are held. */
  async take(): Promise<HeldLock | null> {
    for (let i = 0; i < this.limit; i++) {
      const lock = await tryLock(slotLockName(this.namespace(), i));
      if (!lock) continue;
      let held = true;
      return {
        release: () => {
          if (!held) return;
          held = false;
          lock.release();
          void lock.released.then(this.freed);
        },
        released: lock.released,
      };
    }
    return null;
  }
}
