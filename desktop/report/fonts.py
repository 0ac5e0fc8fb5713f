"""The PDF font: WenQuanYi Micro Hei (Latin + Traditional Chinese), embedded as a subset.

reportlab embeds only the glyphs a document uses (a ``/FontFile2`` subset with a ``ToUnicode``
map, so the text extracts). The built-in CID fonts (``STSong-Light`` …) are never used: they
are not embedded and render differently on every reader.

The face has no bold weight. :data:`BOLD` is registered as a second name for the same face;
the opinion's canvas (:mod:`desktop.report.pdf`) draws text set in :data:`BOLD` with text
render mode 2 (fill, then stroke with a thin line of the same colour), a "fake bold" that
looks like a bold weight on screen and in print and still extracts as ordinary text.

The collection is read and parsed once per process: :func:`register_fonts` reads the file's
bytes once, builds both faces (0: proportional, 1: mono) from that one in-memory copy, and
registers :data:`BOLD` as an alias of the :data:`REGULAR` font object (reportlab keeps one
font object per face name anyway, so a second ``TTFont`` of face 0 was parsed for nothing).
Later calls, and every later render, reuse the registered objects.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from weakref import WeakKeyDictionary

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop import paths

REGULAR = "VeriDesk-Sans"
BOLD = "VeriDesk-Sans-Bold"
#: The collection's second face (WenQuanYi Micro Hei Mono): fingerprints, certificate hashes.
MONO = "VeriDesk-Mono"
#: Line width of the fake-bold stroke, as a fraction of the font size.
BOLD_STROKE = 0.035
FONT_FILE = "wqy-microhei.ttc"

_lock = threading.Lock()
_registered = False


def font_path() -> Path:
    """The bundled TrueType collection (``resources/fonts/wqy-microhei.ttc``)."""
    return paths.resources() / "fonts" / FONT_FILE


class _Collection:
    """The collection's bytes, read from disk once and handed to every face.

    reportlab's parser accepts a file-like object and keeps what ``read()`` returns; this
    one returns the same ``bytes`` object each time, so the faces share one copy in memory.
    ``name`` is what reportlab would have recorded for a path (it names the embedded
    font-file objects).
    """

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._data: bytes | None = None

    def read(self, *_args) -> bytes:
        if self._data is None:
            self._data = Path(self.name).read_bytes()
        return self._data


def register_fonts() -> tuple[str, str, str]:
    """Register :data:`REGULAR`, :data:`BOLD` and :data:`MONO` once; return their names.

    Safe to call any number of times, from any thread. Raises ``FileNotFoundError`` with the
    path when the font file is missing (a broken installation).
    """
    global _registered
    with _lock:
        if _registered:
            return REGULAR, BOLD, MONO
        path = font_path()
        if not path.is_file():
            raise FileNotFoundError(f"the PDF font is missing: {path}")
        registered = set(pdfmetrics.getRegisteredFontNames())
        collection = _Collection(path)
        if REGULAR not in registered:
            pdfmetrics.registerFont(TTFont(REGULAR, collection, subfontIndex=0))
        if BOLD not in registered:
            # Same face: a shallow copy under the second name shares the parsed face (and
            # reportlab maps a second font of a registered face to the first font object).
            alias = copy.copy(pdfmetrics.getFont(REGULAR))
            alias.fontName = BOLD
            alias.state = WeakKeyDictionary()  # never share per-document subsets
            pdfmetrics.registerFont(alias)
        if MONO not in registered:
            pdfmetrics.registerFont(TTFont(MONO, collection, subfontIndex=1))
        # <b> in paragraphs maps to BOLD; there is no italic face, so italic maps to upright.
        for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
            addMapping(REGULAR, bold, italic, name)
            addMapping(BOLD, bold, italic, name)
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        _registered = True
        return REGULAR, BOLD, MONO


def is_bold(font_name: str | None) -> bool:
    """True for the fake-bold name (the canvas strokes that font's glyphs)."""
    return font_name == BOLD
