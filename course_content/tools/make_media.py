"""Generate the local stand-in media for the course's video blocks.

Every ``video/*.xml`` whose ``<source src="/static/generated/<name>.wav">`` points into
``static/generated/`` gets a 20-second quiet tone written there (standard-library ``wave``), so
the local demo and the packed archive have something to play without downloading anything.
``static/generated/`` is a build output (not committed). Running the command again rewrites
nothing that is already correct.

    python -m course_content.tools.make_media
"""
import argparse
import io
import math
import sys
import wave
from pathlib import Path

from lxml import etree

from course_content.tools import COURSE_DIR

GENERATED_PREFIX = "/static/generated/"
SECONDS = 20
SAMPLE_RATE = 8000          # Hz, mono, 16-bit PCM: 320 KB per file
FREQUENCY = 400             # Hz: a whole number of samples per period, so the file compresses well
AMPLITUDE = 0.06            # of full scale: quiet
FADE_SECONDS = 0.5


def generated_sources(course_dir=COURSE_DIR):
    """``[(OLX file, file name under static/generated/)]`` for every stand-in video source, whether the
    video has its own file in ``video/`` or is written inline in another OLX file."""
    found = []
    course_dir = Path(course_dir)
    for path in sorted(course_dir.rglob("*.xml")):
        if "static" in path.relative_to(course_dir).parts:
            continue
        root = etree.parse(str(path)).getroot()
        videos = [root] if root.tag == "video" else root.iter("video")
        for video in videos:
            for source in video.iter("source"):
                src = source.get("src", "")
                if src.startswith(GENERATED_PREFIX):
                    found.append((path, src[len(GENERATED_PREFIX):]))
    return found


def tone_wav(seconds=SECONDS, rate=SAMPLE_RATE, frequency=FREQUENCY, amplitude=AMPLITUDE):
    """The bytes of a mono 16-bit WAV holding a quiet sine tone with short fades (deterministic)."""
    frames = bytearray()
    total = int(seconds * rate)
    fade = int(FADE_SECONDS * rate)
    peak = amplitude * 32767
    for n in range(total):
        envelope = min(1.0, n / fade, (total - 1 - n) / fade)
        value = int(round(peak * envelope * math.sin(2 * math.pi * frequency * n / rate)))
        frames += value.to_bytes(2, "little", signed=True)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def generate(course_dir=COURSE_DIR):
    """Write any missing or differing stand-in media; return ``(written, unchanged)`` path lists."""
    target_dir = Path(course_dir) / "static" / "generated"
    written, unchanged = [], []
    sources = generated_sources(course_dir)
    if not sources:
        return written, unchanged
    data = tone_wav()
    for _video, name in sources:
        if "/" in name or not name.endswith(".wav"):
            raise ValueError(f"unsupported stand-in source name: {name!r}")
        target = target_dir / name
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(target)
            continue
        target_dir.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written, unchanged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course-dir", type=Path, default=COURSE_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    written, unchanged = generate(args.course_dir)
    print(f"stand-in media: {len(written)} written, {len(unchanged)} already up to date "
          f"({args.course_dir / 'static' / 'generated'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
