/** Fires a bubbling, composed CustomEvent; resolves to false when cancelled. */
export function fire<T>(target: EventTarget, type: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
  return target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}

/** The manager's events an element re-dispatches for its asset. */
export const MANAGER_EVENTS = ['download-progress', 'download-state-change', 'registration-change', 'download-error'] as const;
