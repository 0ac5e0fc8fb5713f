"""The page registry: every page of the main window plugs in here.

A page is a ``Page`` (QWidget) subclass with a ``key``, a translated ``title()``, an
``icon()`` and ``set_engagement(session)``; ``set_engagement`` is called when a file is
opened or closed (``None``) and again when the cached check results change. A new page
is a module in this package that calls ``register(cls, order=…)`` on import; the order
sets its place in the navigation (Overview 10, Data 20, Coverage 30, Credits 40,
Evidence 50) and its Ctrl+<n> shortcut.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from desktop.ui.session import Session

_REGISTRY: list[tuple[int, type[Page]]] = []


class Page(QWidget):
    key = "page"

    @classmethod
    def title(cls) -> str:
        raise NotImplementedError

    @classmethod
    def icon(cls) -> QIcon:
        """``resources/icons/<key>.svg``, else a neutral page icon."""
        from desktop.ui.theme import page_icon

        icon = page_icon(cls.key)
        return icon if not icon.isNull() else page_icon("page")

    def set_engagement(self, session: Session | None) -> None:
        raise NotImplementedError

    def focus_filter(self) -> bool:
        """Put the keyboard in this page's filter box (Ctrl+F); False when it has none."""
        return False


def register(cls: type[Page], order: int = 100) -> type[Page]:
    if all(c is not cls for _, c in _REGISTRY):
        _REGISTRY.append((order, cls))
        _REGISTRY.sort(key=lambda item: item[0])
    return cls


def pages() -> list[type[Page]]:
    _load_builtin()
    return [cls for _, cls in _REGISTRY]


def _load_builtin() -> None:
    """Import every module of this package: each registers its page on import."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
