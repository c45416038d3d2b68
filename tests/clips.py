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

    def phone(self, turn: int, shown: tuple[int, int] = (180, 320), fmt: str = "mp4") -> Path:
        """A clip as phones save it: stored sideways or upside down, with a rotation flag (`turn`
        degrees clockwise, 90 for a phone held upright) telling players how to show it.

        Shown upright it is `shown` in size: its top half red, its bottom half blue, a green
        square in its top left corner; so a picture turned the wrong way, or mirrored, is seen.
        """
        w, h = shown
        stored = {0: "null", 90: "transpose=cclock", 180: "hflip,vflip", 270: "transpose=clock"}[turn]
        upright = (f"color=c=red:s={w}x{h // 2}:r=25:d=2[top];color=c=blue:s={w}x{h - h // 2}:r=25:d=2[bottom];"
                   f"color=c=lime:s={w // 4}x{w // 4}:r=25:d=2[mark];[top][bottom]vstack[both];"
                   f"[both][mark]overlay=x={w // 16}:y={w // 16},{stored}")
        ext, video, _audio = VIDEO[fmt]
        plain = self._make(f"phone-stored-{turn}-{w}x{h}{ext}", ["-f", "lavfi", "-i", upright, *video])
        # The flag, counter-clockwise as ffmpeg counts: the `rotate` tag of ffmpeg 5, the
        # -display_rotation option of ffmpeg 6 and later; checked below with ffprobe.
        ccw = (360 - turn) % 360
        flag = (["-display_rotation:v:0", str(ccw), "-i", str(plain)] if _ffmpeg_major() >= 6
                else ["-i", str(plain), "-metadata:s:v:0", f"rotate={ccw}"])
        path = self._make(f"phone-{turn}-{w}x{h}{ext}", [*flag, "-c", "copy"])
        said = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                               "stream_side_data=rotation", "-of", "csv=p=0", str(path)],
                              capture_output=True, text=True, check=True, timeout=60).stdout.split(",")[0].strip()
        assert round(-float(said or 0)) % 360 == turn, f"ffmpeg wrote rotation {said!r} for a {turn}° turn"
        return path

    def audio(self, fmt: str = "mp3", seconds: float = 2) -> Path:
        ext, codec = AUDIO[fmt]
        return self._make(f"{fmt}-{seconds}s{ext}", ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
                                                     *codec])


def named(colour: tuple[int, ...]) -> str:
    """The colour of a phone clip's part at a pixel: red, blue, green, or the numbers."""
    r, g, b = colour[:3]
    if r > 200 > g + b:
        return "red"
    if b > 200 > r + g:
        return "blue"
    if g > 200 > r + b:
        return "green"
    return str((r, g, b))


def _ffmpeg_major() -> int:
    words = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True, timeout=60).stdout.split()
    version = words[2] if len(words) > 2 else ""
    return int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0


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
