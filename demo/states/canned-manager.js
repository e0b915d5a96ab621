// A stand-in for LocalAssetsManager that answers with canned status
// snapshots, so every state the elements can show (interrupted, waiting for
// the network, storage full, licence expired, a damaged registration...) can
// be drawn at once, checked with axe and photographed, without the minutes of
// faults it takes to reach each one for real. The real paths to those states
// are tested against the real manager (test/elements/, test/resilience/,
// test/node/cold-start). It implements what the elements call, nothing more.

const MB = 1024 * 1024;

/** A status snapshot, as getAssetStatus returns it (same fields: test/elements/states.test.ts compares them with the real one's). */
export function status(assetId, fields = {}) {
  const base = {
    assetId,
    registered: fields.state !== undefined && fields.state !== 'none',
    state: 'none',
    reason: null,
    error: null,
    entry: null,
    entryUrl: null,
    mediaSource: null,
    bytesDownloaded: 0,
    estimatedTotalBytes: 0,
    fraction: 0,
    size: 0,
    selection: null,
    createdAt: null,
    downloadedAt: null,
    licence: null,
    licenceMode: null,
    queuePosition: null,
    inBackground: false,
  };
  const merged = { ...base, ...fields };
  if (merged.estimatedTotalBytes > 0 && fields.fraction === undefined) {
    merged.fraction = merged.state === 'completed' ? 1 : Math.min(0.999, merged.bytesDownloaded / merged.estimatedTotalBytes);
  }
  if (fields.size === undefined) merged.size = merged.bytesDownloaded;
  return Object.freeze(merged);
}

/** The tracks of the clear DASH fixture (two heights, English and French audio, English subtitles) as prepareForDownload reports them. */
function fixtureTracks() {
  return {
    video: [
      { id: 1, width: 320, height: 180, bandwidth: 104676, codecs: 'avc1.42c00d', frameRate: 25 },
      { id: 0, width: 640, height: 360, bandwidth: 308088, codecs: 'avc1.42c01e', frameRate: 25 },
      { id: 5, width: 1280, height: 720, bandwidth: 1850000, codecs: 'avc1.64001f', frameRate: 25 },
    ],
    audio: [
      { id: 2, language: 'en', label: null, bandwidth: 52641, codecs: 'mp4a.40.2', channelsCount: 2, roles: [] },
      { id: 3, language: 'fr', label: null, bandwidth: 52661, codecs: 'mp4a.40.2', channelsCount: 2, roles: [] },
    ],
    text: [{ id: 4, language: 'en', label: null, kind: 'subtitle', mimeType: 'text/vtt', forced: false }],
  };
}

/** What prepareForDownload returns, for the menu: tracks, the selection, its estimated size (bandwidth x duration). */
function cannedPrepared(assetId, entry, seconds = 600) {
  const tracks = fixtureTracks();
  let chosen = { video: tracks.video[1], audio: [...tracks.audio], text: [...tracks.text] };
  return {
    assetId,
    entry,
    tracks,
    get selectedTracks() {
      return chosen;
    },
    setSelectedTracks(selected) {
      chosen = { video: selected.video, audio: [...selected.audio], text: [...selected.text] };
    },
    selectTracks() {
      return chosen;
    },
    get estimatedSize() {
      const bits = (chosen.video?.bandwidth ?? 0) + chosen.audio.reduce((sum, a) => sum + a.bandwidth, 0);
      return Math.round((bits / 8) * seconds) + chosen.text.length * 20000;
    },
  };
}

export class CannedManager extends EventTarget {
  /**
   * @param {Record<string, object>} statuses asset id -> status fields
   * @param {{ storage?: object, playable?: object, prepareError?: Error, prepareDelayMs?: number }} options
   */
  constructor(statuses = {}, options = {}) {
    super();
    this.statuses = new Map(Object.entries(statuses).map(([id, fields]) => [id, status(id, fields)]));
    this.listeners = new Map();
    this.options = options;
    this.calls = [];
  }

  status(assetId) {
    return this.statuses.get(assetId) ?? status(assetId);
  }

  /** Changes an asset's status and tells its watchers (as the real manager does after an operation). */
  set(assetId, fields) {
    const next = fields === null ? status(assetId) : status(assetId, { ...this.status(assetId), ...fields });
    if (fields === null) this.statuses.delete(assetId);
    else this.statuses.set(assetId, next);
    for (const listener of this.listeners.get(assetId) ?? []) listener(next);
    this.dispatchEvent(new CustomEvent('registration-change', { detail: { assetId, change: fields === null ? 'removed' : 'updated', status: next } }));
  }

  watchAsset(assetId, listener) {
    if (!this.listeners.has(assetId)) this.listeners.set(assetId, new Set());
    this.listeners.get(assetId).add(listener);
    queueMicrotask(() => listener(this.status(assetId)));
    return () => this.listeners.get(assetId)?.delete(listener);
  }

  async getAssetStatus(assetId) {
    return this.status(assetId);
  }

  async listAssets() {
    return [...this.statuses.values()].filter((s) => s.registered);
  }

  async storageEstimate() {
    return this.options.storage ?? { usage: 184 * MB, quota: 10 * 1024 * MB, persisted: false };
  }

  async loadMediaEntry(src) {
    const response = await fetch(src);
    return response.json();
  }

  async prepareForDownload(entry, options = {}) {
    this.calls.push(['prepareForDownload', entry?.id]);
    if (this.options.prepareDelayMs) await new Promise((r) => setTimeout(r, this.options.prepareDelayMs));
    if (this.options.prepareError) throw this.options.prepareError;
    return cannedPrepared(options.assetId ?? entry.id, entry);
  }

  async startDownload(prepared) {
    this.calls.push(['startDownload', prepared.assetId, prepared.selectedTracks.video?.height ?? null]);
    const total = prepared.estimatedSize;
    this.set(prepared.assetId, { state: 'downloading', entry: prepared.entry, estimatedTotalBytes: total, bytesDownloaded: Math.round(total * 0.1), createdAt: Date.now() });
    return this.status(prepared.assetId);
  }

  async pauseDownload(assetId) {
    this.calls.push(['pauseDownload', assetId]);
    this.set(assetId, { state: 'paused', reason: 'user' });
    return this.status(assetId);
  }

  async resumeDownload(assetId) {
    this.calls.push(['resumeDownload', assetId]);
    this.set(assetId, { state: 'downloading', reason: null, error: null });
    return this.status(assetId);
  }

  async renewAsset(assetId) {
    this.calls.push(['renewAsset', assetId]);
    this.set(assetId, { licence: { scheme: 'clearkey', expiresAt: Date.now() + 86400000, remainingSeconds: 86400, expired: false } });
    return this.status(assetId);
  }

  async removeAsset(assetId) {
    this.calls.push(['removeAsset', assetId]);
    this.set(assetId, null);
    return { bytesFreed: 0 };
  }

  async cancelDownload(assetId) {
    return this.removeAsset(assetId);
  }

  async createLocalMediaEntry(assetId) {
    const { entry } = this.status(assetId);
    return { ...entry, sources: [entry.sources[0]] };
  }

  async getPreferredPlayableMediaSource(entry) {
    if (this.options.playable === null) return { source: null, reason: 'No source of this entry can be played in this browser', rejected: [] };
    return { source: entry.sources[0], drm: null, keySystem: null, reason: null, rejected: [] };
  }

  async getPreferredDownloadableMediaSource(entry) {
    return this.getPreferredPlayableMediaSource(entry);
  }
}
