"""Draw the demo exhibit's ring of photographs: a canteen turning on a turntable (issue #22).

The demo hall has no real object photographed, so this draws one: an army canteen with its
cap, strap lugs and a plain five-pointed star on the front, seen from eye level at even steps
round it. The panel marks it 示例. Deterministic: the same arguments give the same pixels.

Run it from the repository root with the project venv::

    .venv/bin/python scripts/make_object_ring.py                  # 36 frames into the demo panel
    .venv/bin/python scripts/make_object_ring.py --frames 72 --out /tmp/ring
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent.parent / "content" / "showcase" / "28-行军水壶"
SIZE = 900
SCALE = 2  # drawn at twice the size and reduced: smooth edges without a vector library
OLIVE = (92, 98, 58)
OLIVE_DARK = (58, 62, 36)
STAR = (178, 34, 34)
CAP = (40, 40, 38)
BACKGROUND_TOP, BACKGROUND_BOTTOM = (236, 230, 218), (206, 198, 184)


def frame(angle_deg: float) -> Image.Image:
    """The canteen turned `angle_deg` from its front; the front moves right as the angle grows."""
    s = SIZE * SCALE
    img = Image.new("RGB", (s, s))
    draw = ImageDraw.Draw(img)
    for y in range(s):  # the photographer's backdrop
        t = y / s
        draw.line([(0, y), (s, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(BACKGROUND_TOP, BACKGROUND_BOTTOM)))
    a = math.radians(angle_deg)
    cx, cy = s / 2, s * 0.53
    face_r, depth = s * 0.27, s * 0.11  # a round flask, flattened front to back
    half_w = abs(math.cos(a)) * face_r + abs(math.sin(a)) * depth / 2
    half_h = face_r * 1.08

    shadow = Image.new("L", (s, s))
    ImageDraw.Draw(shadow).ellipse([cx - half_w * 1.1, cy + half_h * 0.93, cx + half_w * 1.1, cy + half_h * 1.08], fill=120)
    img.paste((70, 64, 56), mask=shadow.filter(ImageFilter.GaussianBlur(s * 0.012)))

    lug_x = math.cos(a) * face_r  # the side seams carry the strap lugs
    for side in (1, -1):
        behind = side * math.sin(a) > 0
        if behind:
            _lug(draw, cx + side * lug_x, cy - half_h * 0.55, s)
    draw.ellipse([cx - half_w, cy - half_h, cx + half_w, cy + half_h], fill=OLIVE, outline=OLIVE_DARK, width=s // 200)
    light = cx - half_w * 0.35  # the studio light stays at the upper left while the canteen turns
    draw.ellipse([light - half_w * 0.25, cy - half_h * 0.8, light + half_w * 0.15, cy - half_h * 0.1],
                 fill=tuple(min(255, c + 28) for c in OLIVE))
    rim = abs(math.cos(a)) * face_r  # the welded rim round the flask: its outline from the front, a line from the side
    draw.ellipse([cx - rim, cy - half_h, cx + rim, cy + half_h], outline=OLIVE_DARK, width=s // 300)
    if math.cos(a) > 0.12:  # the painted star faces the camera
        _star(draw, cx + math.sin(a) * depth / 2, cy, face_r * 0.42, math.cos(a))
    for side in (1, -1):
        if side * math.sin(a) <= 0:
            _lug(draw, cx + side * lug_x, cy - half_h * 0.55, s)
    neck_w = s * 0.05
    draw.rectangle([cx - neck_w / 2, cy - half_h - s * 0.05, cx + neck_w / 2, cy - half_h + s * 0.01], fill=OLIVE_DARK)
    draw.rounded_rectangle([cx - neck_w * 0.75, cy - half_h - s * 0.1, cx + neck_w * 0.75, cy - half_h - s * 0.045],
                           radius=s // 120, fill=CAP)
    return img.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def _lug(draw: ImageDraw.ImageDraw, x: float, y: float, s: int) -> None:
    w, h = s * 0.022, s * 0.06
    draw.rounded_rectangle([x - w, y - h, x + w, y + h], radius=s // 160, fill=(120, 112, 92), outline=CAP, width=s // 400)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, squeeze: float) -> None:
    """A plain five-pointed star, narrowed as the face turns away."""
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        t = math.pi / 2 + i * math.pi / 5
        points.append((cx + math.cos(t) * radius * squeeze, cy - math.sin(t) * radius))
    draw.polygon(points, fill=STAR)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=36, help="photographs in the ring (24-144)")
    parser.add_argument("--out", type=Path, default=OUT, help="the panel folder to write 01.jpg … into")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    width = max(2, len(str(args.frames)))
    for i in range(args.frames):
        path = args.out / f"{i + 1:0{width}d}.jpg"
        frame(360.0 * i / args.frames).save(path, quality=80, optimize=True)
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
