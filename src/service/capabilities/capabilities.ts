// What this browser can download and play offline, asked of the browser
// itself: MSE for DASH/HLS, native playback for progressive files, EME for
// key systems (and whether they offer persistent licences). An app (or a
// test) can hand the manager its own answers.
import type { MediaFormat } from '../model/media-entry.js';

export interface KeySystemSupport {
  /** Whether the key system works here at all (a `temporary` session: enough to stream). */
  supported: boolean;
  /**
   * Whether `persistent-license` sessions work: the licence is kept by the
   * browser, so the media plays with no network (Widevine/PlayReady offline).
   * Asked of EME itself (requestMediaKeySystemAccess with that session type),
   * never guessed from the user agent.
   */
  persistentLicense: boolean;
}

export interface BrowserCapabilities {
  /** Whether a source of this format can be stored and played back here. */
  format(format: MediaFormat): boolean;
  keySystem(keySystem: string): Promise<KeySystemSupport>;
}

const MSE_PROBES = ['video/mp4; codecs="avc1.42E01E"', 'video/mp4; codecs="avc1.640028"', 'audio/mp4; codecs="mp4a.40.2"', 'video/webm; codecs="vp9"'];

function mse(): boolean {
  const MSE = (globalThis as { MediaSource?: { isTypeSupported(type: string): boolean } }).MediaSource;
  return !!MSE && MSE_PROBES.some((type) => MSE.isTypeSupported(type));
}

function native(type: string, tag: 'video' | 'audio'): boolean {
  return typeof document !== 'undefined' && document.createElement(tag).canPlayType(type) !== '';
}

/** The real browser, with key-system answers cached for the page's life. */
export function createBrowserCapabilities(): BrowserCapabilities {
  const keySystems = new Map<string, Promise<KeySystemSupport>>();
  const storage = typeof indexedDB !== 'undefined';
  return {
    format(format) {
      if (!storage) return false;
      switch (format) {
        case 'dash':
        case 'hls':
          return mse();
        case 'mp4':
          return native('video/mp4', 'video');
        case 'webm':
          return native('video/webm', 'video');
        case 'mp3':
          return native('audio/mpeg', 'audio');
        default:
          return false;
      }
    },
    keySystem(keySystem) {
      if (!keySystems.has(keySystem)) keySystems.set(keySystem, probeKeySystem(keySystem));
      return keySystems.get(keySystem)!;
    },
  };
}

/** The EME configuration asked for (temporary, or persistent licences). */
export const keySystemConfig = (persistent: boolean): MediaKeySystemConfiguration[] => [
  {
    initDataTypes: ['cenc'],
    videoCapabilities: [{ contentType: 'video/mp4; codecs="avc1.42E01E"' }],
    audioCapabilities: [{ contentType: 'audio/mp4; codecs="mp4a.40.2"' }],
    persistentState: persistent ? 'required' : 'optional',
    sessionTypes: [persistent ? 'persistent-license' : 'temporary'],
  },
];

async function probeKeySystem(keySystem: string): Promise<KeySystemSupport> {
  if (typeof navigator === 'undefined' || !navigator.requestMediaKeySystemAccess) return { supported: false, persistentLicense: false };
  // FairPlay's init data is `sinf`/`skd`, not `cenc`: asking for `cenc` would say "unsupported" in Safari.
  const config = (persistent: boolean) =>
    keySystem.startsWith('com.apple.fps') ? keySystemConfig(persistent).map((c) => ({ ...c, initDataTypes: ['sinf', 'skd'] })) : keySystemConfig(persistent);
  const tryConfig = async (persistent: boolean) => {
    try {
      await navigator.requestMediaKeySystemAccess(keySystem, config(persistent));
      return true;
    } catch {
      return false;
    }
  };
  const supported = await tryConfig(false);
  return { supported, persistentLicense: supported && (await tryConfig(true)) };
}
