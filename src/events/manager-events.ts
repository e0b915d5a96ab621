import type { DownloadErrorEvent } from './download-error.js';
import type { DownloadProgressEvent } from './download-progress.js';
import type { DownloadStateChangeEvent } from './download-state-change.js';
import type { QueueChangeEvent } from './queue-change.js';
import type { RegistrationChangeEvent } from './registration-change.js';

/** The events of a LocalAssetsManager, by name: `manager.addEventListener` knows each one's detail. */
export interface LocalAssetsManagerEventMap {
  'download-progress': DownloadProgressEvent;
  'download-state-change': DownloadStateChangeEvent;
  'registration-change': RegistrationChangeEvent;
  'download-error': DownloadErrorEvent;
  'queue-change': QueueChangeEvent;
}

/** The names of the manager's events (the button re-dispatches them for its asset). */
export const MANAGER_EVENTS = ['download-progress', 'download-state-change', 'registration-change', 'download-error'] as const satisfies ReadonlyArray<
  keyof LocalAssetsManagerEventMap
>;

/** An EventTarget whose listeners know each event's type from `Events` (no casts). */
export class TypedEventTarget<Events extends { [K in keyof Events]: Event }> extends EventTarget {
  declare addEventListener: {
    <K extends keyof Events & string>(type: K, listener: (event: Events[K]) => void, options?: boolean | AddEventListenerOptions): void;
    (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  };
  declare removeEventListener: {
    <K extends keyof Events & string>(type: K, listener: (event: Events[K]) => void, options?: boolean | EventListenerOptions): void;
    (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  };
}
