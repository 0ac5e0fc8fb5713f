"""The PDF font collection is read and parsed once per process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reportlab.pdfbase import pdfmetrics

from desktop.report import fonts
from tests.conftest import REPO

COUNT_PARSES = textwrap.dedent("""
    import builtins, io
    from reportlab.pdfbase import ttfonts
    from desktop.report import fonts
    faces, reads = [], []
    init = ttfonts.TTFontFace.__init__
    def counting(self, filename, *args, **kwargs):
        faces.append(kwargs.get("subfontIndex"))
        init(self, filename, *args, **kwargs)
    ttfonts.TTFontFace.__init__ = counting
    real_open = builtins.open
    def watching(file, *args, **kwargs):
        if str(file).endswith(fonts.FONT_FILE):
            reads.append(file)
        return real_open(file, *args, **kwargs)
    builtins.open = io.open = watching  # reportlab opens with open(), pathlib with io.open
    from desktop.report.pdf import render_opinion
    from tests.report.samples import neutrality_doc
    for lang in ("zh-TW", "en", "zh-TW"):
        render_opinion(neutrality_doc(lang))
    print(sorted(faces), len(reads))
""")


def test_one_parse_per_face_and_one_read_per_process():
    out = subprocess.run([sys.executable, "-c", COUNT_PARSES], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=120).stdout.split("\n")[0]
    assert out == "[0, 1] 1"  # face 0 and face 1, once each; the file read once


def test_bold_is_the_regular_face_and_the_faces_share_the_bytes():
    regular, bold, mono = fonts.register_fonts()
    assert fonts.register_fonts() == (regular, bold, mono)
    r, b, m = (pdfmetrics.getFont(n) for n in (regular, bold, mono))
    assert b is r  # one font object (and one set of subsets) for the face
    assert m.face is not r.face and m.face.name != r.face.name
    assert m.face._ttf_data is r.face._ttf_data  # one copy of the collection in memory
    assert r.face.filename == str(fonts.font_path())
