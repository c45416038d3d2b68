"""Shared fixtures: small real media files made on the fly, so tests need no binary blobs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

REPO = Path(__file__).resolve().parent.parent


def make_image(path: Path, size: tuple[int, int] = (64, 48), fmt: str | None = None) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (178, 34, 34)).save(path, format=fmt)
    return path


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real H.264 clip and an MP3, made once per test run with ffmpeg."""
    if shutil.which("ffmpeg") is None:
        pytest.fail("ffmpeg is missing: ./scripts/test.sh installs it")
    folder = tmp_path_factory.mktemp("media")
    run = ["ffmpeg", "-loglevel", "error", "-y"]
    subprocess.run([*run, "-f", "lavfi", "-i", "testsrc=size=160x90:rate=25:duration=1",
                    "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                    "-movflags", "+faststart", str(folder / "clip.mp4")], check=True)
    subprocess.run([*run, "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                    "-c:a", "libmp3lame", "-b:a", "64k", str(folder / "tone.mp3")], check=True)
    return folder
