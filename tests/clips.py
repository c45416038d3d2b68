"""Small real clips in the formats curators bring, made on the fly with ffmpeg for media tests.

The picture is a calm blue with a small test pattern gliding across its upper half: two
moments of a playing video always differ, a paused one never does, and white subtitle text in
the lower half cannot be mistaken for the picture.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

BACKGROUND = (32, 64, 128)
VIDEO = {  # format: (extension, video codec, audio codec), as cameras and editors write them
    "mp4": (".mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"], ["-c:a", "aac"]),
    "mov": (".mov", ["-c:v", "libx264", "-pix_fmt", "yuv420p"], ["-c:a", "aac"]),
    "mkv": (".mkv", ["-c:v", "libx264", "-pix_fmt", "yuv420p"], ["-c:a", "aac"]),
    "webm": (".webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"],
             ["-c:a", "libopus"]),
    "mpeg2": (".mpg", ["-c:v", "mpeg2video", "-q:v", "4"], ["-c:a", "mp2"]),
}
AUDIO = {
    "mp3": (".mp3", ["-c:a", "libmp3lame", "-b:a", "64k"]),
    "aac": (".aac", ["-c:a", "aac"]),
    "m4a": (".m4a", ["-c:a", "aac"]),
    "ogg": (".ogg", ["-c:a", "libvorbis"]),
    "wav": (".wav", ["-c:a", "pcm_s16le"]),
}


class Clips:
    """Makes each clip once, in `folder`."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("ffmpeg") is None:
            pytest.fail("ffmpeg is missing: ./scripts/test.sh installs it")
        self.folder = folder

    def _make(self, name: str, args: list[str]) -> Path:
        path = self.folder / name
        if not path.exists():
            subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args, str(path)], check=True, timeout=120)
        return path

    def video(self, fmt: str = "mp4", seconds: float = 2, size: tuple[int, int] = (320, 180),
              pixel_aspect: str = "1/1", name: str | None = None) -> Path:
        ext, video, audio = VIDEO[fmt]
        w, h = size
        colour = "0x{:02x}{:02x}{:02x}".format(*BACKGROUND)
        picture = (f"color=c={colour}:s={w}x{h}:r=25:d={seconds}[bg];testsrc=s={w // 5}x{h // 4}:r=25:d={seconds}[fg];"
                   f"[bg][fg]overlay=x='mod(t*{w // 2},{w - w // 5})':y={h // 10},setsar={pixel_aspect}")
        sound = f"sine=frequency=440:duration={seconds}"
        return self._make(name or f"{fmt}-{w}x{h}-{pixel_aspect.replace('/', '_')}-{seconds}s{ext}",
                          ["-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", sound, *video, *audio, "-shortest"])

    def audio(self, fmt: str = "mp3", seconds: float = 2) -> Path:
        ext, codec = AUDIO[fmt]
        return self._make(f"{fmt}-{seconds}s{ext}", ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                                                     *codec])


def write_srt(path: Path, cues: list[tuple[float, float, str]]) -> Path:
    def stamp(t: float) -> str:
        ms = round(t * 1000)
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

    blocks = [f"{i}\n{stamp(a)} --> {stamp(b)}\n{text}\n" for i, (a, b, text) in enumerate(cues, 1)]
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


def truncate(path: Path, keep: float = 0.5) -> Path:
    """Cut a file as an interrupted copy would."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def scramble_pictures(source: Path, target: Path) -> Path:
    """An MP4 whose structure is whole but whose pictures are noise: libvlc plays zero frames."""
    import random
    import struct

    data = bytearray(source.read_bytes())
    start = data.find(b"mdat") - 4
    size = struct.unpack(">I", data[start:start + 4])[0]
    noise = random.Random(5)
    for i in range(start + 8, start + size):
        data[i] = noise.randrange(256)
    target.write_bytes(bytes(data))
    return target
