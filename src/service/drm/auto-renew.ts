// Renews licences by themselves when the browser is online and a licence is
// near (or past) its expiry: checked at start, every 15 s and when the
// network comes back.
import { isOnline } from '../util/online.js';
import type { AssetRegistry } from '../registry/asset-registry.js';

const CHECK_EVERY_MS = 15000;

export class AutoRenewer {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly renewing = new Set<string>();

  constructor(
    private readonly registry: AssetRegistry,
    /** Seconds before expiry; 0: the last 10 % of the licence's life, at least a minute. */
    private readonly windowSeconds: number,
    private readonly renew: (assetId: string) => Promise<unknown>,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    window.addEventListener('online', this.check);
    this.check();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    window.removeEventListener('online', this.check);
  }

  readonly check = (): void => {
    if (!isOnline()) return;
    const now = Date.now();
    for (const record of this.registry.all()) {
      const licence = this.registry.licence(record.assetId);
      if (!licence || licence.expiresAt === null || record.state !== 'completed' || this.renewing.has(record.assetId)) continue;
      const life = licence.expiresAt - licence.acquiredAt;
      const window = this.windowSeconds > 0 ? this.windowSeconds * 1000 : Math.max(60_000, life * 0.1);
      if (licence.expiresAt - now > window) continue;
      this.renewing.add(record.assetId);
      void this.renew(record.assetId)
        .catch(() => {})
        .finally(() => this.renewing.delete(record.assetId));
    }
  };
}
