"""Errors the engine raises, each carrying messages in the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.i18n import current_language, tr


@dataclass(frozen=True)
class Problem:
    """One problem with the input, located by file, row and column where known.

    ``row`` is the spreadsheet row as the user sees it: the header is row 1.
    """

    key: str
    file: str = ""
    row: int | None = None
    column: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    where: str | None = None  # a TOML key path, for manifests

    def message(self, lang: str | None = None) -> str:
        lang = lang or current_language()
        text = tr(self.key, lang, **self.params)
        if self.row is not None and self.column:
            loc = tr("loc.cell", lang, file=self.file, row=self.row, column=self.column)
        elif self.row is not None:
            loc = tr("loc.row", lang, file=self.file, row=self.row)
        elif self.column:
            loc = tr("loc.column", lang, file=self.file, column=self.column)
        elif self.where:
            loc = tr("loc.key", lang, file=self.file, key=self.where)
        else:
            loc = self.file
        if not loc:
            return text
        sep = "：" if lang == "zh-TW" else ": "
        return f"{loc}{sep}{text}"

    def __str__(self) -> str:
        return self.message()


class VeriDeskError(Exception):
    """Base of the engine's errors; ``str()`` gives the message in the current language."""


class InputError(VeriDeskError):
    """Unusable input (exit code 2): one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self.text())

    def text(self, lang: str | None = None) -> str:
        return "\n".join(p.message(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.text()


class MessageError(VeriDeskError):
    """An error with one catalogue message (``key`` and its parameters)."""

    def __init__(self, key: str, **params: object):
        self.key = key
        self.params = params
        super().__init__(tr(key, None, **params))

    def text(self, lang: str | None = None) -> str:
        return tr(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.text()


class LockedError(MessageError):
    """The engagement file is open for writing elsewhere."""


class ReadOnlyError(MessageError):
    """The engagement is signed (or opened read-only) and refuses the change."""


class Cancelled(VeriDeskError):
    """Long work was cancelled by the user; nothing was written."""
