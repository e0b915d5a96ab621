/** Fires a bubbling, composed CustomEvent; resolves to false when cancelled. */
export function fire<T>(target: EventTarget, type: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
  return target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}
