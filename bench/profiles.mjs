// The benchmark's assets: real encoded segments (ffmpeg + shaka-packager,
// made once into .cache/bench-media/<profile>/) served from memory under as
// many URLs as a title of any length needs:
//   /bench/<profile>/<segments>/manifest.mpd
//   /bench/<profile>/<segments>/<stream>/init.mp4 | <n>.m4s   (real segment ((n-1) % count) + 1)
// Serving from memory with no per-request work keeps the server out of the
// measure: the bench measures its serving rate from a second client, in the
// same run, and checks it is far above what the browser reaches.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../server/media-server.mjs';

const CACHE = join(PROJECT_ROOT, '.cache', 'bench-media');
const PACKAGER = join(PROJECT_ROOT, 'node_modules', 'shaka-packager', 'bin', `packager-linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`);

/**
 * The matrix (issue 14): segment sizes from tiny audio to 4 MB video. `minutes`
 * is the title's length; `long` repeats a profile as a 2-hour title.
 */
export const PROFILES = {
  '720p-2s': { width: 1280, height: 720, videoKbps: 6000, seconds: 2, audio: ['en'], audioKbps: 128, minutes: 10 },
  '480p-4s-2audio': { width: 854, height: 480, videoKbps: 1400, seconds: 4, audio: ['en', 'fr'], audioKbps: 128, minutes: 10 },
  '1080p-6s': { width: 1920, height: 1080, videoKbps: 5300, seconds: 6, audio: ['en'], audioKbps: 128, minutes: 10 },
  'audio-only': { width: 0, height: 0, videoKbps: 0, seconds: 2, audio: ['en'], audioKbps: 64, minutes: 30 },
  '480p-4s-2audio-2h': { same: '480p-4s-2audio', minutes: 120 },
};

/** The smoke variant: the committed 360p fixtures, a few segments (checks the bench works, not times). */
const SMOKE_DIR = join(PROJECT_ROOT, 'fixtures', 'media', 'clear', 'dash');

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 3).join(' ')} failed: ${result.stderr || result.error}`);
}

function ensureFfmpeg() {
  if (spawnSync('ffmpeg', ['-version']).status === 0) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('[bench] installing ffmpeg (apt-get) to encode the benchmark assets...');
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'ffmpeg']);
    return;
  }
  throw new Error('The benchmark encodes its assets with ffmpeg: apt-get install -y --no-install-recommends ffmpeg');
}

/** Encodes a profile's source once: 3 segments per stream, constant bit rate, fixed GOPs. */
function encode(name, p) {
  const dir = join(CACHE, name);
  if (existsSync(join(dir, 'streams.json'))) return dir;
  ensureFfmpeg();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const duration = p.seconds * 3;
  const common = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  const inputs = [];
  if (p.videoKbps) {
    const gop = 25 * p.seconds;
    run('ffmpeg', [...common, '-f', 'lavfi', '-i', `testsrc2=size=${p.width}x${p.height}:rate=25:duration=${duration}`, '-c:v', 'libx264', '-preset', 'veryfast',
      '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', '0',
      '-b:v', `${p.videoKbps}k`, '-minrate', `${p.videoKbps}k`, '-maxrate', `${p.videoKbps}k`, '-bufsize', `${p.videoKbps / 2}k`, '-x264-params', 'nal-hrd=cbr', '-an', 'video.mp4'], dir);
    inputs.push('in=video.mp4,stream=video,init_segment=video/init.mp4,segment_template=video/$Number$.m4s');
  }
  p.audio.forEach((lang, i) => {
    run('ffmpeg', [...common, '-f', 'lavfi', '-i', `sine=frequency=${440 + i * 110}:sample_rate=48000:duration=${duration}`, '-c:a', 'aac', '-b:a', `${p.audioKbps}k`, '-ac', '2', `audio-${lang}.mp4`], dir);
    inputs.push(`in=audio-${lang}.mp4,stream=audio,language=${lang},init_segment=audio-${lang}/init.mp4,segment_template=audio-${lang}/$Number$.m4s`);
  });
  run(PACKAGER, [...inputs, '--segment_duration', String(p.seconds), '--generate_static_live_mpd', '--mpd_output', 'source.mpd'], dir);
  const mpd = readFileSync(join(dir, 'source.mpd'), 'utf8');
  const codecs = [...mpd.matchAll(/codecs="([^"]+)"/g)].map((m) => m[1]);
  const streams = [];
  if (p.videoKbps) streams.push({ id: 'video', kind: 'video', codecs: codecs.shift(), bandwidth: p.videoKbps * 1000 });
  for (const lang of p.audio) streams.push({ id: `audio-${lang}`, kind: 'audio', lang, codecs: codecs.shift(), bandwidth: p.audioKbps * 1000 });
  writeFileSync(join(dir, 'streams.json'), JSON.stringify(streams));
  return dir;
}

/** A profile's media in memory: per stream, its init and its segments (Buffers). */
function load(dir, streams) {
  return streams.map((s) => {
    const folder = join(dir, s.dir ?? s.id);
    const files = readdirSync(folder).filter((f) => /^\d+\.m4s$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b));
    return { ...s, init: readFileSync(join(folder, 'init.mp4')), segments: files.map((f) => readFileSync(join(folder, f))) };
  });
}

/** The profiles the run uses, loaded: { name, seconds, minutes, streams, segments(minutes) }. */
export function benchAssets({ smoke, only = null }) {
  if (smoke) {
    const streams = [
      { id: 'video', dir: 'video-360', kind: 'video', codecs: 'avc1.4d401e', bandwidth: 600_000, width: 640, height: 360 },
      { id: 'audio-en', kind: 'audio', lang: 'en', codecs: 'mp4a.40.2', bandwidth: 128_000 },
    ];
    return [{ name: 'smoke-360p-2s', seconds: 2, minutes: 1, width: 640, height: 360, streams: load(SMOKE_DIR, streams) }];
  }
  const out = [];
  for (const [name, spec] of Object.entries(PROFILES)) {
    if (only && !only.includes(name)) continue;
    const base = spec.same ? PROFILES[spec.same] : spec;
    const dir = encode(spec.same ?? name, base);
    out.push({ name, seconds: base.seconds, minutes: spec.minutes, width: base.width, height: base.height, streams: load(dir, JSON.parse(readFileSync(join(dir, 'streams.json'), 'utf8'))) });
  }
  return out;
}

/** Segments per stream for the asset's title length. */
export const segmentsOf = (asset) => Math.round((asset.minutes * 60) / asset.seconds);

function mpd(asset, segments) {
  const seconds = segments * asset.seconds;
  const sets = asset.streams
    .map((s, i) => {
      const attrs = s.kind === 'video' ? `width="${asset.width}" height="${asset.height}"` : 'audioSamplingRate="48000"';
      return `    <AdaptationSet id="${i}" contentType="${s.kind}" mimeType="${s.kind}/mp4"${s.lang ? ` lang="${s.lang}"` : ''} segmentAlignment="true">
      <Representation id="${s.id}" bandwidth="${s.bandwidth}" codecs="${s.codecs}" ${attrs}>
        <SegmentTemplate timescale="1000" duration="${asset.seconds * 1000}" initialization="${s.id}/init.mp4" media="${s.id}/$Number$.m4s" startNumber="1"/>
      </Representation>
    </AdaptationSet>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT2S" type="static" mediaPresentationDuration="PT${seconds}S">
  <Period id="0">
${sets}
  </Period>
</MPD>
`;
}

/** Bytes of the asset with `segments` segments per stream (what a download stores). */
export function assetBytes(asset, segments) {
  let total = 0;
  for (const s of asset.streams) {
    total += s.init.length;
    for (let n = 1; n <= segments; n++) total += s.segments[(n - 1) % s.segments.length].length;
  }
  return total;
}

/** The largest segment of the asset (the most a cut request can waste). */
export const largestSegment = (asset) => Math.max(...asset.streams.flatMap((s) => s.segments.map((b) => b.length)));

/**
 * The media server route for the assets: straight from memory, unless the
 * request's scope has faults (throttling for the pause/resume measures).
 */
export function benchRoute(assets) {
  const byName = new Map(assets.map((a) => [a.name, a]));
  return async (req, res, ctx) => {
    const m = /^\/bench\/([\w-]+)\/(\d+)\/(manifest\.mpd|([\w-]+)\/(init\.mp4|(\d+)\.m4s))$/.exec(ctx.path);
    const asset = m && byName.get(m[1]);
    if (!asset) return null;
    const segments = Number(m[2]);
    if (m[3] === 'manifest.mpd') {
      res.writeHead(200, { 'Content-Type': 'application/dash+xml', 'Cache-Control': 'no-store' });
      res.end(mpd(asset, segments));
      return 200;
    }
    const stream = asset.streams.find((s) => s.id === m[4]);
    const n = m[6] ? Number(m[6]) : null;
    if (!stream || (n !== null && (n < 1 || n > segments))) return null;
    const body = n === null ? stream.init : stream.segments[(n - 1) % stream.segments.length];
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    const part = range ? body.subarray(start, end + 1) : body;
    const headers = { 'Content-Type': 'video/mp4', 'Content-Length': String(part.length), 'Cache-Control': 'no-store', 'Accept-Ranges': 'bytes' };
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') {
      res.end();
    } else if (Object.keys(ctx.entry.effects ?? {}).length > 0) {
      const { Readable } = await import('node:stream');
      await ctx.send(res, Readable.from([part]), part.length);
    } else {
      res.end(part);
      ctx.entry.bytes = part.length;
    }
    return range ? 206 : 200;
  };
}
