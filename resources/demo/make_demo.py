"""Regenerate the binary files of the bundled demo dossier ``taipei-bakery/``.

    python resources/demo/make_demo.py           # write the xlsx, PDFs and PNG
    python resources/demo/make_demo.py --check   # recompute the README's expected results

Written files (everything else in the dossier is plain text, edited by hand):

- ``footprint.xlsx``: sheet ``說明`` (notes, first on purpose) and sheet ``排放源`` (the
  inventory, header in row 1, Traditional Chinese header aliases of design §4);
- ``evidence/gas-bills-2024.pdf``: the natural-gas supplier's annual statement;
- ``evidence/retirement-certificates.pdf``: the retirements of ``credits.csv``;
- ``evidence/electricity-bill-2024.png``: the Taoyuan factory's electricity bills.

Output is deterministic: fixed document dates and IDs (reportlab ``invariant``), fixed
zip entry times and core properties in the xlsx, no time chunk in the PNG. Bytes can still
change with the versions of openpyxl, reportlab, Pillow (and its bundled font) or zlib.
Everything here is fictional demo data.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOSSIER = HERE / "taipei-bakery"
EVIDENCE = DOSSIER / "evidence"
INVENTORY_SHEET = "排放源"
NOTES_SHEET = "說明"
FIXED = datetime(2025, 1, 20, 9, 0, 0)  # "prepared on" date of the client's workbook

HEADER = (
    "排放源編號", "範疇", "類別", "說明", "活動數據", "活動數據單位",
    "排放係數", "係數單位", "排放量", "納入", "排除理由", "佐證",
)  # fmt: skip

_EX = "evidence/exclusions-estimates.txt"
_ING = "evidence/purchases-ingredients-2024.csv"
_PKG = "evidence/purchases-packaging-2024.csv"
_TKM = "evidence/transport-tkm-2024.csv"

# source_id, scope, category, description, activity, activity_unit, ef, ef_unit,
# tco2e (None = activity × ef rounded half-up to 0.01), included, exclusion_reason, evidence
SOURCES: list[tuple] = [
    ("S1-01", 1, "固定燃燒", "天然氣，隧道烤爐及蒸氣鍋爐（桃園廠）",
     "98500", "m3", "0.001879", "tCO2e/m3", "188.80", True, "", "evidence/gas-bills-2024.pdf"),
    ("S1-02", 1, "固定燃燒", "液化石油氣，餡料回溫及糖漿熬煮爐",
     "12400", "kg", "0.00299", "tCO2e/kg", None, True, "", "evidence/lpg-deliveries-2024.csv"),
    ("S1-03", 1, "逸散排放", "冷媒 R-404A 洩漏補充，冷藏庫及急速冷凍機",
     "18.5", "kg", "3.943", "tCO2e/kg", None, True, "", "evidence/refrigerant-log-2024.txt"),
    ("S1-04", 1, "移動燃燒", "柴油，自有配送貨車 4 輛",
     "21800", "L", "0.002606", "tCO2e/L", None, True, "", "evidence/van-fuel-log-2024.csv"),
    ("S1-05", 1, "逸散排放", "化糞池甲烷（平均員工人數）",
     "168", "人·年", "0.0215", "tCO2e/人·年", None, True, "", "evidence/septic-headcount-2024.txt"),
    ("S2-01", 2, "外購電力", "台電電力，桃園廠",
     "1186400", "kWh", "0.000494", "tCO2e/kWh", None, True, "",
     "evidence/electricity-bill-2024.png"),
    ("S2-02", 2, "外購電力", "台電電力，台北旗艦店及總部",
     "84.32", "MWh", "0.494", "tCO2e/MWh", None, True, "", "evidence/store-electricity-2024.csv"),
    ("S3-01", 3, "採購商品（原料）", "低筋麵粉",
     "86.4", "t", "0.55", "tCO2e/t", None, True, "", _ING),
    ("S3-02", 3, "採購商品（原料）", "無鹽奶油（紐西蘭進口）",
     "58.2", "t", "9.25", "tCO2e/t", None, True, "", _ING),
    ("S3-03", 3, "採購商品（原料）", "細砂糖",
     "34.1", "t", "0.85", "tCO2e/t", None, True, "", _ING),
    ("S3-04", 3, "採購商品（原料）", "液態全蛋",
     "39.0", "t", "2.1", "tCO2e/t", None, True, "", _ING),
    ("S3-05", 3, "採購商品（原料）", "鳳梨餡",
     "148.5", "t", "1.35", "tCO2e/t", None, True, "", _ING),
    ("S3-06", 3, "採購商品（包材）", "馬口鐵禮盒（每盒 0.165 kg，使用 600,000 盒）",
     "99.0", "t", "2.45", "tCO2e/t", "247.40", True, "", _PKG),
    ("S3-07", 3, "採購商品（包材）", "紙盒、提袋及運輸紙箱",
     "48.6", "t", "0.92", "tCO2e/t", None, True, "", _PKG),
    ("S3-08", 3, "採購商品（包材）", "內袋、塑膠托盤及乾燥劑",
     "12.4", "t", "2.7", "tCO2e/t", None, True, "", _PKG),
    ("S3-09", 3, "上游運輸", "原料及包材公路運輸至桃園廠",
     "96528.06", "t·km", "0.000178", "tCO2e/t·km", None, True, "", _TKM),
    ("S3-10", 3, "上游運輸", "進口奶油海運（紐西蘭陶朗加港→基隆港）",
     "524964", "t·km", "0.0000115", "tCO2e/t·km", None, True, "", _TKM),
    ("S3-11", 3, "下游運輸", "物流商配送至零售通路",
     "68400", "t·km", "0.000178", "tCO2e/t·km", None, True, "", _TKM),
    ("S3-12", 3, "廢棄物", "一般事業廢棄物焚化",
     "38.2", "t", "0.502", "tCO2e/t", None, True, "", "evidence/waste-manifest-2024.txt"),
    ("S3-13", 3, "採購商品（水）", "自來水（桃園廠）",
     "18600", "m3", "0.000152", "tCO2e/m3", None, True, "", "evidence/water-bills-2024.txt"),
    ("S3-14", 3, "員工通勤", "員工通勤（問卷推估，168 人）",
     "612000", "pkm", "0.0000465", "tCO2e/pkm", None, True, "",
     "evidence/commuting-survey-2024.txt"),
    ("S3-15", 3, "商務差旅", "商務差旅（東京食品展、高鐵及計程車）",
     None, None, None, None, "4.62", False,
     "低於總排放量 1 %；依差旅費用估算，2025 年起改以實際里程計算", _EX),
    ("S3-16", 3, "採購商品（其他）", "辦公用品及清潔劑",
     None, None, None, None, "1.35", False, "低於總排放量 1 %；支出法估算，數據品質低", _EX),
    ("S3-17", 3, "廢棄物", "廚餘再利用為養豬飼料（18.6 t）",
     None, None, None, None, "0.74", False, "低於總排放量 1 %；再利用為飼料，僅計運輸排放", _EX),
]  # fmt: skip

NOTES: list[tuple[str, str]] = [
    ("項目", "內容"),
    ("公司", "福爾摩沙烘焙股份有限公司（Formosa Fine Bakery Co., Ltd.）— 虛構示範資料"),
    ("產品", "鳳梨酥禮盒（每盒 12 入）2024 年產量 600,000 盒"),
    ("期間", "2024-01-01 至 2024-12-31"),
    ("邊界", "搖籃到零售通路：原料、包材、桃園廠、台北旗艦店及總部、配送至零售通路；"
             "不含消費者使用及包材廢棄處理"),
    ("盤查清冊", f"見工作表「{INVENTORY_SHEET}」（第 1 列為欄位名稱）"),
    ("GWP", "IPCC AR5"),
    ("電力排放係數", "0.494 kgCO2e/kWh（2023 年度電力排碳係數，2024 年公告）"),
    ("單位", "排放量以 tCO2e 表示，四捨五入至小數兩位；活動數據及係數單位依各排放源"),
    ("排除", "S3-15、S3-16、S3-17 各低於總排放量 1 %，估算見 " + _EX),
    ("合計（全部）", "{total:,.2f} tCO2e"),
    ("合計（納入）", "{included:,.2f} tCO2e（宣告之碳足跡）"),
    ("抵換", "註銷減量額度 2,320 tCO2e，見 credits.csv"),
    ("編製", "福爾摩沙烘焙 環安室，2025-01-20"),
]  # fmt: skip

# Natural gas: consumption month -> m3 (sums to S1-01's 98,500 m3). The 2023-12 bill was
# issued in January 2024: bills *issued* in 2024 add up to 100,480 m3 (see the PDF).
GAS_M3 = [10850, 6420, 6150, 6380, 6900, 7450, 9120, 11680, 10940, 6520, 7240, 8850]
GAS_PRIOR_DEC_M3 = 10830
GAS_PRICE = Decimal("14.80")  # NT$/m3, demo
# Electricity, Taoyuan factory: month -> kWh (sums to S2-01's 1,186,400 kWh).
POWER_KWH = [108600, 84200, 86900, 90400, 97800, 104300,
             112700, 118900, 115600, 92100, 88400, 86500]  # fmt: skip
POWER_PRICE = Decimal("4.38")  # NT$/kWh average, demo

DEMO_MARK = "DEMO DATA - fictional"


def tco2e_of(row: tuple) -> Decimal:
    """The stated tCO2e of a SOURCES row (computed when not overridden)."""
    if row[8] is not None:
        return Decimal(row[8])
    return (Decimal(row[4]) * Decimal(row[6])).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _num(text: str | None) -> int | float | None:
    if text is None:
        return None
    d = Decimal(text)
    return int(d) if d == d.to_integral_value() and "." not in text else float(d)


# --- xlsx ----------------------------------------------------------------------------


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    notes = wb.active
    notes.title = NOTES_SHEET
    total = sum(tco2e_of(r) for r in SOURCES)
    included = sum(tco2e_of(r) for r in SOURCES if r[9])
    for key, value in NOTES:
        notes.append((key, value.format(total=total, included=included)))
    notes["A1"].font = notes["B1"].font = Font(bold=True)
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 90

    ws = wb.create_sheet(INVENTORY_SHEET)
    ws.append(HEADER)
    for row in SOURCES:
        sid, scope, cat, desc, act, aunit, ef, eunit, _t, inc, reason, ev = row
        ws.append([
            sid, scope, cat, desc, _num(act), aunit, _num(ef), eunit,
            float(tco2e_of(row)), "是" if inc else "否", reason or None, ev,
        ])  # fmt: skip
    fill = PatternFill("solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    widths = (10, 6, 16, 40, 12, 12, 12, 14, 10, 6, 44, 40)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 9).number_format = "#,##0.00"
        ws.cell(r, 5).number_format = "#,##0.###"
    ws.freeze_panes = "B2"
    wb.active = 1

    wb.properties.creator = "Formosa Fine Bakery EHS office (demo)"
    wb.properties.lastModifiedBy = "Formosa Fine Bakery EHS office (demo)"
    wb.properties.title = "鳳梨酥禮盒 2024 碳足跡盤查"
    wb.properties.created = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry times and a fixed ``dcterms:modified``."""
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    body,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.create_system = 3
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body, compresslevel=6)
    return out.getvalue()


# --- PDFs ----------------------------------------------------------------------------

CJK_FONT = "MSung-Light"  # reportlab's built-in CID font (not embedded): fine for evidence


def _canvas(path: Path, title: str):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("VeriDesk demo dossier (fictional)")
    c.setCreator("resources/demo/make_demo.py")
    return c


def _text(c, x: float, y: float, s: str, size: float = 9, bold: bool = False, right=False):
    """Draw ``s`` (in the CJK font when it has non-ASCII text), kept inside the margins."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = (
        CJK_FONT if any(ord(ch) > 127 for ch in s) else ("Helvetica-Bold" if bold else "Helvetica")
    )
    left = x - stringWidth(s, font, size) if right else x
    width = stringWidth(s, font, size)
    if left < 39 or left + width > c._pagesize[0] - 39:
        raise ValueError(f"text outside the margins: {s!r}")
    c.setFont(font, size)
    (c.drawRightString if right else c.drawString)(x, y, s)


def _mark(c, width: float) -> None:
    c.saveState()
    c.setFillColorRGB(0.85, 0.1, 0.1)
    _text(c, width - 40, 815, DEMO_MARK, 8, bold=True, right=True)
    c.restoreState()


def write_gas_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4

    w, _h = A4
    c = _canvas(path, "Natural gas annual statement 2024 (demo)")
    _mark(c, w)
    _text(c, 40, 790, "North Taoyuan Gas Co., Ltd. (fictional)", 14, bold=True)
    _text(c, 40, 772, "北桃天然氣股份有限公司（虛構）— 2024 年度用氣明細", 12)
    _text(c, 40, 752, "Annual consumption statement, calendar year 2024", 10, bold=True)
    _text(c, 40, 734, "Customer: Formosa Fine Bakery Co., Ltd. - Taoyuan Factory", 9)
    _text(
        c,
        40,
        721,
        "用戶：福爾摩沙烘焙股份有限公司 桃園廠　　用戶編號 G-33-071245　　表號 GM-7712",
        9,
    )
    _text(
        c,
        40,
        708,
        f"Tariff: industrial, natural gas ~8,000 kcal/m3; average price NT$ {GAS_PRICE}/m3",
        9,
    )

    cols = (40, 110, 290, 375, 410)  # volume and amount are right edges
    y = 680
    for x, head, right in zip(
        cols,
        ("Consumption", "Meter readings", "Volume (m3)", "Amount (NT$)", "Bill no. / issued"),
        (False, False, True, True, False),
        strict=True,
    ):
        _text(c, x, y, head, 9, bold=True, right=right)
    c.line(40, y - 4, w - 40, y - 4)
    y -= 18
    reading = 412_380
    total_m3 = 0
    total_nt = Decimal(0)
    for m, m3 in enumerate(GAS_M3, 1):
        amount = (GAS_PRICE * m3).quantize(Decimal("1"), ROUND_HALF_UP)
        nxt = reading + m3
        issued = f"2024-{m + 1:02d}-08" if m < 12 else "2025-01-08"
        _text(c, cols[0], y, f"2024-{m:02d}", 9)
        _text(c, cols[1], y, f"{reading:,} - {nxt:,}", 9)
        _text(c, cols[2], y, f"{m3:,}", 9, right=True)
        _text(c, cols[3], y, f"{amount:,}", 9, right=True)
        _text(c, cols[4], y, f"GB24{m:02d}-07124 / {issued}", 9)
        reading, total_m3, total_nt = nxt, total_m3 + m3, total_nt + amount
        y -= 16
    c.line(40, y + 10, w - 40, y + 10)
    _text(c, cols[0], y - 4, "Total 2024 consumption", 9, bold=True)
    _text(c, cols[2], y - 4, f"{total_m3:,}", 9, bold=True, right=True)
    _text(c, cols[3], y - 4, f"{total_nt:,}", 9, bold=True, right=True)
    _text(c, 40, y - 20, "2024 年度用氣量合計 " + f"{total_m3:,}" + " 立方公尺", 9)

    y -= 56
    _text(c, 40, y, "For reference - bills issued in calendar year 2024", 9, bold=True)
    y -= 15
    issued_2024 = GAS_PRIOR_DEC_M3 + sum(GAS_M3[:11])
    lines = (
        f"2023-12 consumption, bill GB2312-07124 issued 2024-01-08: {GAS_PRIOR_DEC_M3:,} m3",
        f"2024-12 consumption, bill GB2412-07124 issued 2025-01-08: {GAS_M3[11]:,} m3",
        f"Bills issued 2024-01-01 .. 2024-12-31 (consumption 2023-12 .. 2024-11): "
        f"{issued_2024:,} m3",
    )
    for line in lines:
        _text(c, 50, y, line, 9)
        y -= 13
    _text(
        c,
        40,
        60,
        "This statement is generated from the meter readings above. "
        "Fictional document for the VeriDesk demo.",
        7,
    )
    c.showPage()
    c.save()


def read_credits() -> list[dict[str, str]]:
    with (DOSSIER / "credits.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_retirement_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4

    w, _h = A4
    credits = read_credits()
    c = _canvas(path, "Registry retirement certificates (demo)")
    _mark(c, w)
    _text(c, 40, 790, "Retirement certificates - carbon credits retired", 14, bold=True)
    _text(c, 40, 772, "減量額度註銷證明彙整 — 鳳梨酥禮盒 2024 年產量碳中和", 12)
    _text(
        c,
        40,
        754,
        "Copies of the registry statements, compiled by Formosa Fine Bakery "
        "Co., Ltd.; the originals are on the registries' public retirement pages.",
        8,
    )
    y = 730
    for i, cr in enumerate(credits, 1):
        c.setStrokeColorRGB(0.6, 0.6, 0.6)
        c.rect(40, y - 112, w - 80, 118, stroke=1, fill=0)
        _text(
            c,
            48,
            y - 10,
            f"{i}. {cr['registry']} - retirement statement RS-2025-{i:04d}",
            10,
            bold=True,
        )
        c.setFont("Courier", 7.5)
        c.drawString(48, y - 26, f"Serial: {cr['serial']}")
        rows = (
            ("Quantity (tCO2e)", f"{int(cr['quantity']):,}"),
            ("Vintage", cr["vintage"]),
            ("Project", f"{cr['project_id']} ({cr['country']}) - {cr['methodology']}"),
            ("Credit type", cr["credit_type"]),
            ("Retired on", cr["retired_on"]),
            ("Beneficiary / 受益者", cr["beneficiary"]),
            ("Purpose / 用途", cr["purpose"]),
        )
        yy = y - 40
        for label, value in rows:
            _text(c, 48, yy, label, 8, bold=True)
            _text(c, 160, yy, value, 8)
            yy -= 10.5
        y -= 126
    total = sum(int(cr["quantity"]) for cr in credits)
    _text(
        c,
        40,
        y - 4,
        f"Total retired: {total:,} tCO2e in {len(credits)} serial blocks",
        10,
        bold=True,
    )
    _text(c, 40, y - 20, f"註銷合計 {total:,} 公噸二氧化碳當量", 10)
    _text(
        c,
        40,
        60,
        "Fictional registry statements for the VeriDesk demo; "
        "serial numbers follow the registries' formats but name no real credits.",
        7,
    )
    c.showPage()
    c.save()


# --- PNG -----------------------------------------------------------------------------


def write_power_png(path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (800, 500), "white")
    d = ImageDraw.Draw(img)
    big, mid, small = (ImageFont.load_default(size=s) for s in (20, 14, 12))
    d.rectangle((0, 0, 799, 56), fill=(22, 74, 120))
    d.text((20, 8), "Electricity bill summary 2024 - Taoyuan factory", font=big, fill="white")
    d.text(
        (20, 34),
        "Formosa Fine Bakery Co., Ltd.   account 05-4412-0871-6   "
        "meter TPC-05-4412-0871   high-voltage tariff",
        font=small,
        fill="white",
    )
    d.text((560, 64), DEMO_MARK, font=mid, fill=(200, 30, 30))
    cols = (30, 140, 330, 470, 620)
    heads = ("Month", "Billing period", "kWh", "Amount (NT$)", "Bill no.")
    y = 88
    d.rectangle((20, y - 4, 780, y + 18), fill=(221, 235, 247))
    for i, (x, h) in enumerate(zip(cols, heads, strict=True)):
        right = {2: 80, 3: 90}.get(i)
        xy = (x + right, y) if right else (x, y)
        d.text(xy, h, font=mid, fill="black", anchor="ra" if right else "la")
    y += 24
    days = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    total_nt = Decimal(0)
    for m, kwh in enumerate(POWER_KWH, 1):
        amount = (POWER_PRICE * kwh).quantize(Decimal("1"), ROUND_HALF_UP)
        total_nt += amount
        if m % 2 == 0:
            d.rectangle((20, y - 2, 780, y + 16), fill=(246, 246, 246))
        d.text((cols[0], y), f"2024-{m:02d}", font=small, fill="black")
        d.text((cols[1], y), f"2024-{m:02d}-01 .. {m:02d}-{days[m - 1]}", font=small, fill="black")
        d.text((cols[2] + 80, y), f"{kwh:,}", font=small, fill="black", anchor="ra")
        d.text((cols[3] + 90, y), f"{amount:,}", font=small, fill="black", anchor="ra")
        d.text((cols[4], y), f"EB-24{m:02d}-0871", font=small, fill="black")
        y += 20
    d.line((20, y + 2, 780, y + 2), fill="black", width=1)
    y += 8
    d.text((cols[0], y), "Total 2024", font=mid, fill="black")
    d.text((cols[2] + 80, y), f"{sum(POWER_KWH):,}", font=mid, fill="black", anchor="ra")
    d.text((cols[3] + 90, y), f"{total_nt:,}", font=mid, fill="black", anchor="ra")
    d.text(
        (20, 478),
        "Consumption from the utility's monthly bills; fictional figures for the VeriDesk demo.",
        font=small,
        fill=(90, 90, 90),
    )
    img.save(path, format="PNG", optimize=True)


# --- check ---------------------------------------------------------------------------


def check() -> int:
    """Recompute the README's expected results from the files, as a verifier would."""
    import pandas as pd
    from python_calamine import CalamineWorkbook

    xlsx = DOSSIER / "footprint.xlsx"
    rows = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name(INVENTORY_SHEET).to_python()
    assert tuple(rows[0]) == HEADER, rows[0]
    inv = pd.DataFrame(rows[1:], columns=rows[0])
    t = inv["排放量"].astype(float)
    inc = inv["納入"].eq("是")
    total, included = t.sum(), t[inc].sum()
    i = t.idxmax()
    print(f"sources {len(inv)}  included {int(inc.sum())}  excluded {int((~inc).sum())}")
    print(
        f"total {total:.2f}  included {included:.2f}  excluded {total - included:.2f}  "
        f"coverage {included / total * 100:.4f} %"
    )
    for s in (1, 2, 3):
        m = inv["範疇"].astype(int).eq(s)
        print(f"  scope {s}: {t[m].sum():.2f} (included {t[m & inc].sum():.2f})")
    print(f"largest {inv.loc[i, '排放源編號']} {t[i]:.2f} = {t[i] / total * 100:.4f} %")
    act = pd.to_numeric(inv["活動數據"], errors="coerce")
    ef = pd.to_numeric(inv["排放係數"], errors="coerce")
    has = act.notna() & ef.notna()
    prod = act * ef
    off = has & ((prod - t).abs() > t.abs() * 0.005)
    print(f"recalc checked {int(has.sum())}  disagreeing {int(off.sum())}")
    for k in inv.index[off]:
        print(
            f"  {inv.loc[k, '排放源編號']}: stated {t[k]:.2f}, activity x ef {prod[k]:.4f}, "
            f"diff {t[k] - prod[k]:+.4f} t = {(t[k] - prod[k]) / prod[k] * 100:+.2f} % of "
            f"recomputed ({(t[k] - prod[k]) / t[k] * 100:+.2f} % of stated)"
        )
    cr = pd.read_csv(DOSSIER / "credits.csv", dtype=str)
    q = cr["quantity"].astype(int)
    ends = cr["serial"].map(_block)
    assert all(e - s + 1 == n for (s, e), n in zip(ends, q, strict=True)), ends
    retired = int(q.sum())
    print(
        f"credits {len(cr)} blocks, retired {retired}, required {included:.2f}, "
        f"surplus {retired - included:.2f}; oldest vintage {cr['vintage'].min()}; "
        f"retired {cr['retired_on'].min()} .. {cr['retired_on'].max()}"
    )
    ok = _check_evidence(inv)
    return 0 if ok else 1


def _block(serial: str) -> tuple[int, int]:
    if serial.startswith("TW-"):
        p = serial.split("-")
        return int(p[3]), int(p[4])
    if serial.startswith("GS"):
        p = serial.split("-")
        return int(p[-2]), int(p[-1])
    p = serial.split("-")  # Verra: batch-start-end-VCS-...
    return int(p[1]), int(p[2])


def _check_evidence(inv) -> bool:
    """Evidence files exist and their sums match the inventory's activity data."""
    import pandas as pd

    ok = True
    for ref in inv["佐證"]:
        if not (DOSSIER / ref).is_file():
            print(f"MISSING evidence {ref}")
            ok = False
    act = dict(zip(inv["排放源編號"], pd.to_numeric(inv["活動數據"], errors="coerce"), strict=True))
    tkm = pd.read_csv(EVIDENCE / "transport-tkm-2024.csv").groupby("source_id")["tkm"].sum()
    ing = pd.read_csv(EVIDENCE / "purchases-ingredients-2024.csv").set_index("source_id")
    pkg = pd.read_csv(EVIDENCE / "purchases-packaging-2024.csv").set_index("source_id")
    sums = {
        "S1-01": sum(GAS_M3),
        "S1-02": pd.read_csv(EVIDENCE / "lpg-deliveries-2024.csv")["lpg_kg"].sum(),
        "S1-04": pd.read_csv(EVIDENCE / "van-fuel-log-2024.csv")["diesel_l"].sum(),
        "S2-01": sum(POWER_KWH),
        "S2-02": pd.read_csv(EVIDENCE / "store-electricity-2024.csv")["consumption_mwh"].sum(),
        **{k: ing.loc[k, "quantity_t"] for k in ing.index},
        **{k: pkg.loc[k, "used_t"] for k in pkg.index},
        **{k: tkm[k] for k in tkm.index},
    }
    for k, v in sums.items():
        if abs(v - act[k]) > 1e-6:
            print(f"EVIDENCE MISMATCH {k}: evidence {v} vs activity {act[k]}")
            ok = False
    print("evidence sums match the activity data" if ok else "evidence problems found")
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="recompute the expected results")
    args = ap.parse_args(argv)
    if args.check:
        return check()
    EVIDENCE.mkdir(parents=True, exist_ok=True)
    write_xlsx(DOSSIER / "footprint.xlsx")
    write_gas_pdf(EVIDENCE / "gas-bills-2024.pdf")
    write_retirement_pdf(EVIDENCE / "retirement-certificates.pdf")
    write_power_png(EVIDENCE / "electricity-bill-2024.png")
    for p in (
        "footprint.xlsx",
        "evidence/gas-bills-2024.pdf",
        "evidence/retirement-certificates.pdf",
        "evidence/electricity-bill-2024.png",
    ):
        print(f"wrote {p} ({(DOSSIER / p).stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
