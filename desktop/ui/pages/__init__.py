"""The page registry: every page of the main window plugs in here.

A page is a ``Page`` (QWidget) subclass with a ``key``, a translated ``title()``, an
``icon()`` and ``set_engagement(session)``; ``set_engagement`` is called when a file is
opened or closed (``None``). A new page is a module in this package that calls
``register(cls, order=…)`` on import; the order sets its place in the navigation
(Overview 10, Data 20, Coverage 30, Credits 40, Evidence 50) and its Ctrl+<n> shortcut.

A page keeps itself current: ``set_engagement`` calls ``follow(session)``, which
subscribes the page to ``Session.changed``. A change of a kind the page shows
(``follows``) refreshes it at once when it is visible, else when it is next shown; fresh
check results (``Change.CHECKS``) refresh it at once, visible or not. A page writes
through ``self.write(kind, fn)``: it shows its own change itself, and every other page
hears of it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from desktop.ui.session import Change, Session

T = TypeVar("T")

_REGISTRY: list[tuple[int, type[Page]]] = []


class Page(QWidget):
    key = "page"
    #: the kinds of change (``Change``) this page shows; None: every kind
    follows: frozenset[str] | None = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._followed: Session | None = None
        self._pending: set[str] = set()
        self._writing = 0

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

    # --- keeping current ------------------------------------------------------------

    def follow(self, session: Session | None) -> None:
        """Listen to ``session``'s changes (and no longer to the previous one's). Called by
        ``set_engagement``, which loads everything: nothing is left to refresh."""
        self._pending.clear()
        if session is self._followed:
            return
        if self._followed is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._followed.changed.disconnect(self._session_changed)
        self._followed = session
        if session is not None:
            session.changed.connect(self._session_changed)

    def write(self, kind: Change | str, fn: Callable[[], T]) -> T:
        """Write through the session: the other pages hear of it, this page (which shows
        its own change itself) does not."""
        assert self._followed is not None
        self._writing += 1
        try:
            return self._followed.write(kind, fn)
        finally:
            self._writing -= 1

    def notify(self, kind: Change | str) -> None:
        """Announce a change this page made elsewhere (a worker) and shows itself."""
        if self._followed is None:
            return
        self._writing += 1
        try:
            self._followed.notify(kind)
        finally:
            self._writing -= 1

    def _session_changed(self, kind: str) -> None:
        if self._writing or (self.follows is not None and kind not in self.follows):
            return
        self._pending.add(kind)
        if kind == Change.CHECKS or self.isVisible():
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        kinds, self._pending = self._pending, set()
        self.refresh(kinds)

    def refresh(self, kinds: set[str]) -> None:
        """Show the session's records again after changes of ``kinds``; by default the page
        loads everything again."""
        self.set_engagement(self._followed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._flush()  # what changed while the page was hidden


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
