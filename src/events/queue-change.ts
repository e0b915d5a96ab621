/** Detail of `queue-change`: the download queue's order changed (in any tab). */
export interface QueueChangeDetail {
  /** The queued asset ids, first to start first. */
  queue: string[];
}

export type QueueChangeEvent = CustomEvent<QueueChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'queue-change': QueueChangeEvent;
  }
}
