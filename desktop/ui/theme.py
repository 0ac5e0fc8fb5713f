"""Colours, status icons and small drawing helpers shared by the pages."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QWidget

STATUS_COLOURS = {
    "pass": QColor("#2e7d32"),
    "fail": QColor("#c62828"),
    "warn": QColor("#ef8f00"),
    "n/a": QColor("#8a8f98"),
}
STATUS_TINTS = {
    "pass": QColor("#e8f5e9"),
    "fail": QColor("#fdecea"),
    "warn": QColor("#fff4e0"),
    "n/a": QColor("#f1f2f4"),
}
ACCENT = QColor("#1f6f8b")
MUTED = QColor("#6b7280")
GRID = QColor("#e3e6ea")
STATE_COLOURS = {"draft": "#1f6f8b", "review": "#ef8f00", "signed": "#2e7d32"}


def restyle(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it differs: each set re-polishes the widget and its
    children, which costs far more than the comparison (it matters on keyboard paths)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


@cache
def status_icon(status: str, size: int = 16) -> QIcon:
    """A round badge: ✓ pass, ✕ fail, ! warn, – n/a (drawn, so it needs no font glyph)."""
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = STATUS_COLOURS.get(status, MUTED)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    r = QRectF(1, 1, size - 2, size - 2)
    if status == "warn":
        path = QPainterPath()
        path.moveTo(size / 2, 1)
        path.lineTo(size - 1, size - 2)
        path.lineTo(1, size - 2)
        path.closeSubpath()
        p.drawPath(path)
    else:
        p.drawEllipse(r)
    pen = QPen(QColor("white"), max(1.6, size / 8))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    s = size
    if status == "pass":
        p.drawPolyline(
            [QPointF(s * 0.28, s * 0.52), QPointF(s * 0.44, s * 0.68), QPointF(s * 0.72, s * 0.34)]
        )
    elif status == "fail":
        p.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
        p.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))
    elif status == "warn":
        p.drawLine(QPointF(s / 2, s * 0.36), QPointF(s / 2, s * 0.62))
        p.drawPoint(QPointF(s / 2, s * 0.78))
    else:
        p.drawLine(QPointF(s * 0.32, s / 2), QPointF(s * 0.68, s / 2))
    p.end()
    return QIcon(pm)


@cache
def page_icon(name: str) -> QIcon:
    """An icon from ``resources/icons/<name>.svg`` (empty icon when absent)."""
    from desktop.paths import resources

    path = resources() / "icons" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def heading_font(base: QFont, delta: float = 5, bold: bool = True) -> QFont:
    f = QFont(base)
    f.setPointSizeF(max(6.0, base.pointSizeF() + delta))
    f.setBold(bold)
    return f


def fmt_t(x: float | None) -> str:
    """A tonnage as the engine's messages show it: ``2,167.82``, or ``277`` when whole."""
    if x is None:
        return "—"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def fmt_pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f} %"


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{n} B"
