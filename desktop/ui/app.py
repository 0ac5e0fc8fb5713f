"""Application start-up: QApplication, fonts, translators, style; ``run(path)``."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QStyleFactory

from desktop import i18n
from desktop.paths import resources

# The rules use numpy for vector arithmetic, never for linear algebra: OpenBLAS's worker
# threads would only spin beside the GUI thread on a two-core laptop.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ORG = "VeriDesk"
APP = "VeriDesk"
CJK_FONT = "wqy-microhei.ttc"

_translators: list[QTranslator] = []


# Latin faces tried, after the platform's own UI font, before the CJK fallback: with the
# CJK face first (or a generic alias such as "Sans Serif" that is no real family), Qt draws
# “ ” … and even Latin letters with the CJK face, as full-width glyphs.
LATIN_FACES = (
    "Segoe UI", "Noto Sans", "DejaVu Sans", "Helvetica Neue", "Arial", "Liberation Sans",
)
_families: dict[str, list[str]] = {"latin": [], "cjk": []}


def _is_cjk(family: str) -> bool:
    return QFontDatabase.WritingSystem.TraditionalChinese in QFontDatabase.writingSystems(family)


def ui_families(base: QFont, bundled: list[str]) -> tuple[list[str], list[str]]:
    """(Latin faces, CJK faces) for the UI: the platform's font and the installed faces of
    ``LATIN_FACES`` that have no Chinese glyphs; the platform's font if it is a CJK face,
    then the bundled CJK face."""
    installed = set(QFontDatabase.families())
    latin: list[str] = []
    cjk: list[str] = []
    for name in (base.family(), QFontInfo(base).family(), *LATIN_FACES, *bundled):
        if name not in installed or name in latin or name in cjk:
            continue
        if name in bundled or _is_cjk(name):
            cjk.append(name)
        elif len(latin) < 2:
            latin.append(name)
    return latin, cjk


def apply_font(app: QCoreApplication, lang: str) -> None:
    """The application font for ``lang``: Latin faces first in English (curly quotes and
    ellipses in a Latin face), the CJK faces first in Traditional Chinese."""
    if not isinstance(app, QApplication):
        return
    latin, cjk = _families["latin"], _families["cjk"]
    order = [*cjk, *latin] if lang == "zh-TW" else [*latin, *cjk]
    font = QFont(app.font())
    if order:
        font.setFamilies(order)
    if font.pointSizeF() < 9.5:
        font.setPointSizeF(9.5)
    app.setFont(font)


def register_fonts(app: QApplication) -> None:
    """Add the bundled CJK font as a fallback so Traditional Chinese always renders."""
    font_file = resources() / "fonts" / CJK_FONT
    families: list[str] = []
    if font_file.is_file():
        fid = QFontDatabase.addApplicationFont(str(font_file))
        if fid >= 0:
            families = QFontDatabase.applicationFontFamilies(fid)
    # the platform's font, not app.font(): that is ours once the app was set up
    base = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    latin, cjk = ui_families(base, families[:1])
    _families.update(latin=latin, cjk=cjk)
    apply_font(app, i18n.current_language() or "en")


def choose_language(setting: str) -> str:
    """``en`` or ``zh-TW``: the setting, else the system locale."""
    if setting:
        return i18n.normalise_language(setting)
    return i18n.normalise_language(QLocale.system().name())


def install_translators(app: QCoreApplication, lang: str) -> None:
    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    i18n.set_language(lang)
    apply_font(app, lang)
    if lang != "zh-TW":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (
        ("qtbase_zh_TW", qt_dir),
        ("veridesk_zh_TW", str(resources() / "translations")),
    ):
        t = QTranslator(app)
        if t.load(name, folder):
            app.installTranslator(t)
            _translators.append(t)


def create_app(argv: list[str] | None = None, lang: str | None = None) -> QApplication:
    """The QApplication, set up once (tests reuse pytest-qt's instance)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    QCoreApplication.setOrganizationName(ORG)
    QCoreApplication.setOrganizationDomain("veridesk.local")
    QCoreApplication.setApplicationName(APP)
    app.setApplicationDisplayName(APP)
    if "Fusion" in QStyleFactory.keys():  # noqa: SIM118
        app.setStyle("Fusion")
    register_fonts(app)
    from PySide6.QtGui import QIcon

    from desktop.paths import resources

    icon = resources() / "icons" / "veridesk.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    from desktop.ui import gc_guard
    from desktop.ui import settings as prefs

    gc_guard.install(app)

    prefs.apply_identity()
    install_translators(app, lang or choose_language(prefs.language()))
    return app


def _handle_termination(app: QApplication) -> QTimer:
    """SIGINT/SIGTERM close the window (releasing the file's lock) and end the app.

    Python runs signal handlers only between bytecodes, so a timer wakes the
    interpreter regularly while Qt's event loop waits.
    """

    def stop(signum: int, _frame: object) -> None:
        app.closeAllWindows()
        app.exit(128 + signum)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def run(path: Path | None = None) -> int:
    """``veridesk gui [FILE]`` and ``veridesk demo``."""
    app = create_app()
    from desktop.ui.main_window import MainWindow

    _handle_termination(app)
    window = MainWindow()
    window.show()
    if path is not None:
        window.open_path(Path(path))
    return app.exec()
