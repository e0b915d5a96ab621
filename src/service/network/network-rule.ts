// The `downloadOn` rule: 'any' network, or only 'unmetered' ones. Whether a
// network is metered comes from the Network Information API
// (`navigator.connection`): data saver on, or a cellular connection. Where
// the API is missing (Firefox, Safari) the network cannot be known, and
// 'unmetered' then holds downloads back: the rule exists to protect a data
// plan, and a phone without the API (Safari on iOS) may well be on one.
export type DownloadOn = 'any' | 'unmetered';

export const DOWNLOAD_ON: readonly DownloadOn[] = ['any', 'unmetered'];

/** The part of NetworkInformation this rule reads (not in TypeScript's DOM types). */
interface Connection extends EventTarget {
  readonly type?: string;
  readonly saveData?: boolean;
}

const connection = (): Connection | null =>
  typeof navigator !== 'undefined' ? ((navigator as Navigator & { connection?: Connection }).connection ?? null) : null;

/** Whether the network is metered now: null when the browser cannot tell. */
export function isMetered(): boolean | null {
  const c = connection();
  if (!c) return null;
  return c.saveData === true || c.type === 'cellular';
}

export class NetworkRule {
  private listening: Connection | null = null;

  constructor(
    readonly downloadOn: DownloadOn,
    /** Called when the connection changes (the rule may be met, or broken, now). */
    private readonly changed: (allowed: boolean) => void,
  ) {}

  /** Whether downloads may run now. */
  allows(): boolean {
    return this.downloadOn === 'any' || isMetered() === false;
  }

  start(): void {
    if (this.downloadOn === 'any') return;
    this.listening = connection();
    this.listening?.addEventListener('change', this.onChange);
  }

  stop(): void {
    this.listening?.removeEventListener('change', this.onChange);
    this.listening = null;
  }

  private readonly onChange = (): void => this.changed(this.allows());
}
