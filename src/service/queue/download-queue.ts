// The download queue of a store: the one owner of its order. At most `limit`
// downloads run at once across every tab of the store (Slots); a download
// asked for beyond that waits here, in order, its record `queued` (written by
// its lifecycle, never here). The order is kept in the LocalDataStore under
// `offline-player/queue` and read-modify-written under the queue's Web Lock,
// so two tabs queueing at once both stay listed, and it survives a reload.
// Each change is announced (the status hub tells every tab: positions in
// status snapshots, `queue-change`).
//
// Who starts the head: whichever tab sees a slot free first (the tab whose
// download just ended, or one that follows a tab that went away), by taking
// the slot and popping the head under the queue lock; it then runs the
// download itself, through the asset's lifecycle.
import { type LocalDataStore, loadJson, saveJson } from '../../storage/local-data-store.js';
import { type HeldLock, withLock } from '../util/locks.js';
import { QUEUE } from '../registry/store-keys.js';
import { queueLockName } from './queue-names.js';
import { Slots } from './slots.js';

/** A stored order, with anything that is not an asset id (and repeats) left out. */
const validOrder = (stored: unknown): string[] => (Array.isArray(stored) ? [...new Set(stored.filter((id): id is string => typeof id === 'string'))] : []);

export interface QueueHost {
  readonly store: LocalDataStore;
  namespace(): string;
  /** Whether downloads may start now (the network rule). */
  allowed(): boolean;
  /** The order changed (here or, with `remote`, in another tab). */
  changed(order: readonly string[], previous: readonly string[], remote: boolean): void;
  /** Starts a queued asset holding `slot`; false when it is not queued any more (the slot is then let go). */
  startQueued(assetId: string, slot: HeldLock): Promise<boolean>;
}

/** What asset lifecycles ask of the queue. */
export interface QueueAccess {
  /** A slot to run now, or null: then the asset is queued at `at` ('end', or an index). */
  admit(assetId: string, at?: number | 'end'): Promise<HeldLock | null>;
  /** Takes the asset out of the queue (paused, removed); nothing when it is not queued. */
  remove(assetId: string): Promise<void>;
  /** Whether downloads may start now (the network rule). */
  allowed(): boolean;
}

export class DownloadQueue implements QueueAccess {
  private order: readonly string[] = [];
  private readonly slots: Slots;
  private pumping = false;
  private again = false;
  private destroyed = false;

  constructor(
    private readonly host: QueueHost,
    readonly limit: number,
  ) {
    this.slots = new Slots(() => host.namespace(), limit, () => this.pump());
  }

  /** The queued ids, in order (this page's mirror). */
  get ids(): readonly string[] {
    return this.order;
  }

  /** 1-based place of the asset in the queue, or null. */
  position(assetId: string): number | null {
    const index = this.order.indexOf(assetId);
    return index < 0 ? null : index + 1;
  }

  allowed(): boolean {
    return this.host.allowed();
  }

  /** Start-up: the stored order into the mirror (`atStart`: what the registry's start-up read found, if it read it). */
  async load(atStart?: unknown): Promise<void> {
    this.mirror(atStart !== undefined ? validOrder(atStart) : await this.read(), false);
  }

  async admit(assetId: string, at: number | 'end' = 'end'): Promise<HeldLock | null> {
    let taken: HeldLock | null = null;
    try {
      await this.update(async (order) => {
        // In turn: a download asked for while others wait goes behind them (priority ones try first).
        if (this.allowed() && (at !== 'end' || order.length === 0)) taken = await this.slots.take();
        const rest = order.filter((id) => id !== assetId);
        if (!taken) rest.splice(at === 'end' ? rest.length : Math.min(at, rest.length), 0, assetId);
        return { order: rest, result: undefined };
      });
    } catch (e) {
      (taken as HeldLock | null)?.release();
      throw e;
    }
    if (!taken) this.pump();
    return taken;
  }

  async remove(assetId: string): Promise<void> {
    if (!this.order.includes(assetId) && !(await this.read()).includes(assetId)) return;
    await this.update(async (order) => ({ order: order.filter((id) => id !== assetId), result: undefined }));
  }

  /**
   * Start-up: queued assets missing from the order (a tab that went away
   * between taking the head and starting it) go back at the end, oldest first.
   */
  async restore(assetIds: readonly string[]): Promise<void> {
    if (assetIds.length === 0) return;
    await this.update(async (order) => ({ order: [...order, ...assetIds.filter((id) => !order.includes(id))], result: undefined }));
  }

  /** Moves a queued asset to the head; false when it is not queued. */
  async moveToFront(assetId: string): Promise<boolean> {
    const moved = await this.update(async (order) =>
      order.includes(assetId) ? { order: [assetId, ...order.filter((id) => id !== assetId)], result: true } : { order, result: false },
    );
    if (moved) this.pump();
    return moved;
  }

  /** Another tab changed the order. */
  received(order: readonly string[]): void {
    if (Array.isArray(order) && order.every((id) => typeof id === 'string')) this.mirror(order, true);
  }

  /**
   * Starts the head of the queue while a slot is free (and the network rule
   * allows). Safe to call any time, from any tab: slots and the queue lock
   * decide; calls made while it runs make it run once more.
   */
  pump(): void {
    if (this.destroyed) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.pumpOnce();
        } while (this.again && !this.destroyed);
      } catch {
        // The store refused the queue's write: the next slot freed tries again.
      } finally {
        this.pumping = false;
      }
    })();
  }

  private async pumpOnce(): Promise<void> {
    if (!this.allowed()) return;
    const taken: Array<[string, HeldLock]> = [];
    try {
      await this.update(async (order) => {
        const rest = [...order];
        while (rest.length > 0 && !this.destroyed) {
          const slot = await this.slots.take();
          if (!slot) break;
          taken.push([rest.shift()!, slot]);
        }
        return { order: rest, result: undefined };
      });
    } catch (e) {
      for (const [, slot] of taken) slot.release();
      throw e;
    }
    for (const [assetId, slot] of taken) {
      const started = await this.host.startQueued(assetId, slot).catch(() => false);
      if (!started) slot.release(); // its slot goes to the next (release pumps again)
    }
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** Read-modify-write of the stored order under the queue lock; announces a change. */
  private update<T>(change: (order: string[]) => Promise<{ order: string[]; result: T }>): Promise<T> {
    return withLock(queueLockName(this.host.namespace()), async () => {
      const before = await this.read();
      const { order, result } = await change(before);
      if (order.length !== before.length || order.some((id, i) => id !== before[i])) await saveJson(this.host.store, QUEUE, order);
      this.mirror(order, false);
      return result;
    });
  }

  private async read(): Promise<string[]> {
    return validOrder(await loadJson<unknown>(this.host.store, QUEUE).catch(() => null));
  }

  private mirror(order: readonly string[], remote: boolean): void {
    const previous = this.order;
    if (order.length === previous.length && order.every((id, i) => id === previous[i])) return;
    this.order = Object.freeze([...order]);
    this.host.changed(this.order, previous, remote);
  }
}
