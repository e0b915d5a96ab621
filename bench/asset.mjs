// The benchmark's large asset: a long DASH stream whose segments are real
// encoded segments served under many URLs. `npm run bench` encodes a 720p,
// ~6 Mbit/s set once (ffmpeg + shaka-packager, cached in .cache/bench-media);
// the CI smoke variant reuses the committed 360p fixture segments.
//   /bench/asset/<segments>/manifest.mpd     a static MPD of <segments> x 2 s
//   /bench/asset/<segments>/video/<n>.m4s    real segment ((n - 1) % count) + 1
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../server/media-server.mjs';
import { serveFile } from '../server/static.mjs';

const CACHE = join(PROJECT_ROOT, '.cache', 'bench-media');
const PACKAGER = join(PROJECT_ROOT, 'node_modules', 'shaka-packager', 'bin', `packager-linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error}`);
}

function ensureFfmpeg() {
  if (spawnSync('ffmpeg', ['-version']).status === 0) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('[bench] installing ffmpeg (apt-get) to encode the benchmark asset...');
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'ffmpeg']);
    return;
  }
  throw new Error('The benchmark encodes its asset with ffmpeg: apt-get install -y --no-install-recommends ffmpeg');
}

/** Encodes 8 s of 720p video (~6 Mbit/s) and AAC audio into 4 DASH segments each, once. */
function encodeLarge() {
  if (existsSync(join(CACHE, 'video', '4.m4s')) && existsSync(join(CACHE, 'codecs.json'))) return;
  ensureFfmpeg();
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const common = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
  run('ffmpeg', [...common, '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=8', '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main',
    '-pix_fmt', 'yuv420p', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0', '-bf', '0', '-b:v', '6M', '-minrate', '6M', '-maxrate', '6M', '-bufsize', '1.5M',
    '-x264-params', 'nal-hrd=cbr', '-an', 'video.mp4'], CACHE);
  run('ffmpeg', [...common, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=8', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', 'audio.mp4'], CACHE);
  run(PACKAGER, [
    'in=video.mp4,stream=video,init_segment=video/init.mp4,segment_template=video/$Number$.m4s',
    'in=audio.mp4,stream=audio,language=en,init_segment=audio/init.mp4,segment_template=audio/$Number$.m4s',
    '--segment_duration', '2', '--generate_static_live_mpd', '--mpd_output', 'source.mpd',
  ], CACHE);
  const mpd = readFileSync(join(CACHE, 'source.mpd'), 'utf8');
  const codecs = [...mpd.matchAll(/codecs="([^"]+)"/g)].map((m) => m[1]);
  writeFileSync(join(CACHE, 'codecs.json'), JSON.stringify({ video: codecs[0], audio: codecs[1] }));
}

/** Where the real segments are: the large encoded set, or the 360p fixtures. */
export function benchMedia({ smoke }) {
  if (smoke) {
    const base = join(PROJECT_ROOT, 'fixtures', 'media', 'clear', 'dash');
    return { dir: base, video: 'video-360', audio: 'audio-en', codecs: { video: 'avc1.4d401e', audio: 'mp4a.40.2' }, height: 360, width: 640 };
  }
  encodeLarge();
  return { dir: CACHE, video: 'video', audio: 'audio', codecs: JSON.parse(readFileSync(join(CACHE, 'codecs.json'), 'utf8')), height: 720, width: 1280 };
}

function segmentCount(dir) {
  return readdirSync(dir).filter((f) => /^\d+\.m4s$/.test(f)).length;
}

function mpd(media, segments) {
  const seconds = segments * 2;
  return `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" minBufferTime="PT2S" type="static" mediaPresentationDuration="PT${seconds}S">
  <Period id="0">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true">
      <Representation id="video" bandwidth="6000000" codecs="${media.codecs.video}" width="${media.width}" height="${media.height}">
        <SegmentTemplate timescale="1000" duration="2000" initialization="video/init.mp4" media="video/$Number$.m4s" startNumber="1"/>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en" segmentAlignment="true">
      <Representation id="audio" bandwidth="128000" codecs="${media.codecs.audio}" audioSamplingRate="48000">
        <SegmentTemplate timescale="1000" duration="2000" initialization="audio/init.mp4" media="audio/$Number$.m4s" startNumber="1"/>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`;
}

/** The media server route for the large asset. */
export function benchRoute(media) {
  const counts = { video: segmentCount(join(media.dir, media.video)), audio: segmentCount(join(media.dir, media.audio)) };
  return async (req, res, ctx) => {
    const m = /^\/bench\/asset\/(\d+)\/(manifest\.mpd|(video|audio)\/(init\.mp4|(\d+)\.m4s))$/.exec(ctx.path);
    if (!m) return null;
    const segments = Number(m[1]);
    if (m[2] === 'manifest.mpd') {
      res.writeHead(200, { 'Content-Type': 'application/dash+xml', 'Cache-Control': 'no-store' });
      res.end(mpd(media, segments));
      return 200;
    }
    const kind = m[3];
    const folder = join(media.dir, kind === 'video' ? media.video : media.audio);
    const n = m[5] ? Number(m[5]) : null;
    if (n !== null && (n < 1 || n > segments)) return null;
    const file = n === null ? join(folder, 'init.mp4') : join(folder, `${((n - 1) % counts[kind]) + 1}.m4s`);
    return serveFile(req, res, file, { send: ctx.send });
  };
}

/** Average size of a video segment (the largest unit a request can waste). */
export function videoSegmentBytes(media) {
  const dir = join(media.dir, media.video);
  const files = readdirSync(dir).filter((f) => /^\d+\.m4s$/.test(f));
  return files.reduce((sum, f) => sum + readFileSync(join(dir, f)).byteLength, 0) / files.length;
}

/** Bytes of the asset with `segments` segments per stream (what a download stores). */
export function assetBytes(media, segments) {
  const size = (kind, name) => readFileSync(join(media.dir, kind, name)).byteLength;
  let total = 0;
  for (const kind of [media.video, media.audio]) {
    const count = segmentCount(join(media.dir, kind));
    total += size(kind, 'init.mp4');
    for (let n = 1; n <= segments; n++) total += size(kind, `${((n - 1) % count) + 1}.m4s`);
  }
  return total;
}
