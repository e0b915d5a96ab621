// Blob URLs of stored progressive files (createLocalMediaEntry), one per
// asset, freed when the asset is removed (in this tab or another) or the
// manager is destroyed.
export class ObjectUrls {
  private readonly urls = new Map<string, string>();

  constructor(target: EventTarget) {
    target.addEventListener('registration-change', (event) => {
      const { assetId, change } = (event as CustomEvent<{ assetId: string; change: string }>).detail;
      if (change === 'removed') this.revoke(assetId);
    });
  }

  /** The asset's URL, made with `make` the first time. */
  async get(assetId: string, make: () => Promise<Blob>): Promise<string> {
    let url = this.urls.get(assetId);
    if (!url) this.urls.set(assetId, (url = URL.createObjectURL(await make())));
    return url;
  }

  revoke(assetId: string): void {
    const url = this.urls.get(assetId);
    if (url) URL.revokeObjectURL(url);
    this.urls.delete(assetId);
  }

  clear(): void {
    for (const id of [...this.urls.keys()]) this.revoke(id);
  }
}
