"""Draw the VeriDesk application icon: ``resources/icons/veridesk.png`` (256×256) and
``resources/icons/veridesk.ico`` (16…256 px, for the Windows executable).

A white leaf on the app's accent teal (``#1f6f8b``, ``desktop/ui/theme.py``) with a check
mark for its midrib: greenhouse gases, verified. Drawn at 4× and downsampled, so the edges
are smooth. Run ``python3 scripts/make_icon.py`` after changing it; the PNG and ICO are
committed, ``build.spec`` only reads them.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
SIZE = 256
SCALE = 4
TOP = (0x25, 0x82, 0xA1)  # a little lighter than the accent …
BOTTOM = (0x17, 0x56, 0x6C)  # … to a little darker
ACCENT = (0x1F, 0x6F, 0x8B)
WHITE = (255, 255, 255, 255)


def _background(n: int) -> Image.Image:
    grad = Image.new("RGBA", (n, n))
    px = grad.load()
    for y in range(n):
        t = y / (n - 1)
        c = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        for x in range(n):
            px[x, y] = (*c, 255)
    mask = Image.new("L", (n, n), 0)
    inset = round(n * 0.04)
    ImageDraw.Draw(mask).rounded_rectangle(
        (inset, inset, n - 1 - inset, n - 1 - inset), radius=round(n * 0.21), fill=255
    )
    out = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    out.paste(grad, (0, 0), mask)
    return out


def _leaf(n: int) -> list[tuple[float, float]]:
    """A lens from the lower-left tip to the upper-right tip, wider towards the base."""
    ax, ay, bx, by = 0.25 * n, 0.75 * n, 0.77 * n, 0.23 * n
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length
    width = 0.21 * n
    top, bottom = [], []
    steps = 120
    for i in range(steps + 1):
        t = i / steps
        w = width * math.sin(math.pi * t) ** 0.85 * (1.08 - 0.16 * t)
        px, py = ax + dx * t, ay + dy * t
        top.append((px + nx * w, py + ny * w))
        bottom.append((px - nx * w, py - ny * w))
    return top + bottom[::-1]


def _stroke(draw: ImageDraw.ImageDraw, pts, width: float, fill) -> None:
    draw.line(pts, fill=fill, width=round(width), joint="curve")
    r = width / 2
    for x, y in (pts[0], pts[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def draw(size: int = SIZE) -> Image.Image:
    n = size * SCALE
    img = _background(n)
    d = ImageDraw.Draw(img)
    # the stem, then the leaf
    _stroke(d, [(0.19 * n, 0.81 * n), (0.30 * n, 0.70 * n)], 0.045 * n, WHITE)
    d.polygon(_leaf(n), fill=WHITE)
    # the check mark: the leaf's midrib
    _stroke(
        d,
        [(0.35 * n, 0.52 * n), (0.46 * n, 0.62 * n), (0.67 * n, 0.37 * n)],
        0.058 * n,
        (*ACCENT, 255),
    )
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(OUT / "veridesk.png", optimize=True)
    img.save(OUT / "veridesk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    print(OUT / "veridesk.png", OUT / "veridesk.ico")


if __name__ == "__main__":
    main()
