#!/usr/bin/env bash
# Regenerates the sandbox's bundled clip: about 4 seconds of a generated test picture with a
# synthesised spoken line. Everything is synthetic (no third-party footage or voice), and the flags
# are fixed (single thread, bitexact, no metadata) so that a rerun on the same ffmpeg and espeak-ng
# versions yields the same bytes.
#
# Usage: scripts/make-sandbox-clip.sh [OUTPUT]
# Needs: ffmpeg (with libx264 and the native aac encoder), espeak-ng, ffprobe.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../adapters-http/src/main/resources/dev/videoagent/adapters/http/sandbox/sample.mp4}"
line="Hello from the video agent sandbox."

for tool in ffmpeg ffprobe espeak-ng; do
  command -v "$tool" >/dev/null || { echo "make-sandbox-clip: $tool is not installed" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# espeak-ng is deterministic for a given voice, speed and text.
espeak-ng -v en-us -s 150 -w "$work/voice.wav" "$line"

# Picture: testsrc2 at 320x180, 12 fps, exactly 4 s. Sound: the spoken line, padded with silence
# to the picture's length, mono 22.05 kHz AAC at 32 kb/s.
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=320x180:rate=12:duration=4" \
  -i "$work/voice.wav" \
  -filter_complex "[1:a]aresample=22050,apad=whole_dur=4,atrim=0:4[a]" \
  -map 0:v -map "[a]" \
  -c:v libx264 -preset medium -profile:v baseline -pix_fmt yuv420p -crf 30 -g 24 \
  -x264-params "threads=1:lookahead-threads=1:sliced-threads=0" \
  -c:a aac -ac 1 -b:a 32k \
  -threads 1 -map_metadata -1 \
  -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -movflags +faststart \
  -t 4 "$work/sample.mp4"

mkdir -p "$(dirname "$out")"
mv "$work/sample.mp4" "$out"

ffprobe -hide_banner -v error \
  -show_entries format=duration,size,format_name:stream=index,codec_type,codec_name,profile,width,height,pix_fmt,r_frame_rate,sample_rate,channels,duration \
  -of default=noprint_wrappers=1 "$out"
sha256sum "$out"
