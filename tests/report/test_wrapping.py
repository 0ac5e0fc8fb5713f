"""Line breaking: numbers stay with their units, standards with their numbers, commands in
one piece, and Chinese lines neither end with an opening bracket nor start with a closing
mark - at every width."""

from __future__ import annotations

from itertools import pairwise

import pytest
from reportlab.platypus import Paragraph

from desktop.report import fonts
from desktop.report.pdf import NBSP, _keep_together, _keep_together_markup, _Styles

TOKENS = ("ISO 14064-3:2019", "ISO 14068-1:2023", "PAS 2060:2014", "2,010.50 tCO2e", "5 %",
          "`veridesk verify`", "150 t", "≥ 1,242.30", "0.494 kgCO2e/kWh")
ZH = ("本機構認為，委託者就「碳中和線材第一批（150 t）」於2024-01-01 至 2024-12-31期間所作之宣告，"
      "在所有重大方面係依PAS 2060:2014、ISO 14068-1:2023、ISO 14064-3:2019允當表達。"
      "本次查證採用之重大性為5 %（2,010.50 tCO2e）。註銷額度 ≥ 1,242.30，電力排碳係數 "
      "0.494 kgCO2e/kWh。可以 `veridesk verify` 由案件檔重新計算比對。")
EN = ("In our opinion the declaration of wire rod (150 t) is fairly stated in accordance with "
      "PAS 2060:2014; ISO 14068-1:2023; ISO 14064-3:2019. The materiality applied was 5 % "
      "(2,010.50 tCO2e); ≥ 1,242.30 credits; 0.494 kgCO2e/kWh. `veridesk verify` recomputes it.")
OPENING, CLOSING = "（「『《〈", "，。、；：！？）」』》〉"


def test_glue():
    glued = _keep_together("wire rod (150 t), 0.69 %, > 50 %, ISO 14064-3 and `veridesk verify`")
    assert glued == ("wire rod (150\xa0t), 0.69\xa0%, >\xa050\xa0%, ISO\xa014064-3 and "
                     "`veridesk\xa0verify`")
    # ordinary words after numbers, and words ending like a standard's name, keep spaces
    assert _keep_together("2 sources in 2024 for 3 tons; RISO 9") == \
        "2 sources in 2024 for 3 tons; RISO 9"
    # markup: only the text between tags, entities included
    assert _keep_together_markup('<font size="8">&gt; 50 %</font> 5 t') == \
        '<font size="8">&gt;\xa050\xa0%</font> 5\xa0t'


def _lines(text: str, style, width: float) -> list[str]:
    p = Paragraph(text, style)
    p.wrap(width, 10_000)
    out = []
    for line in p.blPara.lines:
        if hasattr(line, "words"):  # several fragments
            out.append("".join(getattr(w, "text", "") for w in line.words))
        else:
            out.append(" ".join(line[1]))
    return [s.replace(NBSP, " ").strip() for s in out]


@pytest.mark.parametrize("lang,text", [("zh-TW", ZH), ("en", EN)])
def test_tokens_never_split(lang, text):
    fonts.register_fonts()
    st = _Styles(lang)
    for width in range(110, 480, 7):
        lines = _lines(_keep_together(text), st.body, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width
        for token in TOKENS:
            assert any(token in line for line in lines), (width, token, lines)


def test_chinese_line_ends():
    fonts.register_fonts()
    st = _Styles("zh-TW")
    for width in range(90, 480, 5):
        lines = _lines(_keep_together(ZH), st.body, width)
        for before, after in pairwise(lines):
            assert before[-1] not in OPENING, (width, before)
            assert after[0] not in CLOSING, (width, after)
