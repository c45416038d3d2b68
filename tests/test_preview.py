"""The curator's contact sheet: every panel drawn, each problem beside its panel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, make_image, write


def test_preview_draws_every_panel_and_marks_problems(tmp_path: Path) -> None:
    content = tmp_path / "content"
    make_image(content / "education" / "01-开天辟地" / "poster.jpg", (800, 450))
    write(content / "education" / "01-开天辟地" / "panel.yaml", "title: 开天辟地\ntitel: typo\nmedia: [poster.jpg]\n")
    write(content / "learning" / "02-学习.md", "正文\n")
    (content / "learning" / "broken.jpg").write_bytes(b"")
    out = tmp_path / "preview"
    result = subprocess.run([sys.executable, "-m", "kiosk", "preview", "--content", str(content), "--out", str(out)],
                            capture_output=True, text=True, cwd=REPO, check=False, timeout=120)
    assert result.returncode == 1  # the empty picture is an error
    assert "2 panels" in result.stdout and "pygame" not in result.stdout
    page = (out / "index.html").read_text(encoding="utf-8")
    assert len(list((out / "screens").glob("*.jpg"))) == 2
    assert page.count('class="panel ') == 2
    assert '<div class="panel warning">' in page and "titel" in page  # the typo, beside its panel
    assert "不属于任何版面的问题" in page and "learning/broken.jpg" in page
