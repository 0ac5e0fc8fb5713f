"""Evidence: the files stored in the engagement, with their hashes, the checklist items
that link each one, and a preview; the verifier adds their own files (site photos,
working papers) here — hashed, stored and audited by :func:`desktop.evidence.add_evidence`.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import MessageError
from desktop.evidence import add_evidence
from desktop.i18n import current_language
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import human_size, page_icon

TEXT_TYPES = ("text/", "application/json", "application/xml", "application/toml")
TEXT_SUFFIXES = {".txt", ".csv", ".tsv", ".md", ".json", ".toml", ".xml", ".log"}
MAX_TEXT = 2_000_000
USED_COL = 3


def _linked_paths(raw: str | None) -> list[str]:
    """The paths an answer links: a JSON list (as stored), or ';'-separated text."""
    raw = (raw or "").strip()
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return [p.strip() for p in raw.split(";") if p.strip()]
    if isinstance(value, list):
        return [str(p) for p in value if p]
    return [str(value)] if value else []


def evidence_uses(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """For each evidence path, the checklist items ("title · ref") whose answer links it."""
    zh = current_language() == "zh-TW"
    titles: dict[str, str] = {}
    try:
        from desktop.checklist import definitions

        for cl in definitions():
            titles[cl.id] = ((cl.title_zh if zh else cl.title) or cl.title) or cl.id
    except (ValueError, OSError):  # a broken checklist folder: show the identifiers
        pass
    uses: dict[str, list[str]] = {}
    rows = conn.execute(
        "SELECT checklist_id, ref, evidence FROM response ORDER BY checklist_id, ref"
    )
    for checklist_id, ref, raw in rows:
        for path in _linked_paths(raw):
            uses.setdefault(path, []).append(f"{titles.get(checklist_id, checklist_id)} · {ref}")
    return uses


def _pdf_pages(data: bytes, width: int) -> list[QImage]:
    """Render a PDF's first pages with pypdfium2 when it is installed (else [])."""
    try:
        import pypdfium2 as pdfium  # type: ignore[import-not-found]
    except ImportError:
        return []
    doc = pdfium.PdfDocument(data)
    images = []
    for i in range(min(len(doc), 5)):
        page = doc[i]
        scale = width / max(page.get_width(), 1)
        pil = page.render(scale=scale).to_pil().convert("RGB")
        raw = pil.tobytes()
        img = QImage(raw, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
        images.append(img.copy())
    return images


class EvidencePage(Page):
    key = "evidence"
    # the files, and the answers that link them
    follows = frozenset({Change.EVIDENCE, Change.ANSWERS, Change.ALL})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Evidence")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("evidence")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("evidencePage")
        self._session: Session | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 10)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add evidence…"))
        self.add_button.setObjectName("addEvidence")
        self.add_button.setToolTip(
            self.tr("Store a file of your own (a site photo, a working paper) in the "
                    "engagement: hashed, audited, and ready to link to checklist answers.")
        )
        self.add_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_file)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        lay.addLayout(bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("evidenceTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Size"), self.tr("Media type"), self.tr("Used by"),
             self.tr("SHA-256")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.itemSelectionChanged.connect(self._preview_selected)
        split.addWidget(self.table)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        head = QHBoxLayout()
        self.name_label = QLabel()
        self.name_label.setObjectName("previewName")
        self.name_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open externally"))
        self.open_button.setObjectName("openExternally")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_externally)
        head.addWidget(self.name_label, 1)
        head.addWidget(self.open_button)
        rl.addLayout(head)
        self.used_label = QLabel()
        self.used_label.setObjectName("evidenceUsedBy")
        self.used_label.setWordWrap(True)
        self.used_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.used_label)
        self.stack = QStackedWidget()
        self.placeholder = QLabel(self.tr("Select a file to preview it."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #6b7280;")
        self.image_scroll = QScrollArea()
        self.image_scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.image_label = QLabel()
        self.image_label.setObjectName("imagePreview")
        self.image_scroll.setWidget(self.image_label)
        self.image_scroll.setWidgetResizable(False)
        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("textPreview")
        self.text_view.setReadOnly(True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        for w in (self.placeholder, self.image_scroll, self.text_view):
            self.stack.addWidget(w)
        rl.addWidget(self.stack, 1)
        split.addWidget(right)
        split.setSizes([520, 480])
        lay.addWidget(split)
        self._current: tuple[str, bytes] | None = None
        self._uses: dict[str, list[str]] = {}

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        if session is not None and session is self._session:
            return
        self._session = session
        self._load()

    def refresh(self, kinds: set[str]) -> None:
        """A file added or an answer's links changed: show the table again, keeping the
        selection."""
        self._load(keep=self.selected_id())

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        if not items:
            return None
        return self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def _load(self, keep: int | None = None) -> None:
        session = self._session
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        self._show_placeholder(self.tr("Select a file to preview it."))
        self.add_button.setEnabled(session is not None and not session.read_only)
        if session is None:
            self._uses = {}
            return
        self._uses = evidence_uses(session.conn)
        rows = session.conn.execute(
            "SELECT id, path, size, media_type, sha256 FROM evidence ORDER BY path"
        ).fetchall()
        self.table.setRowCount(len(rows))
        for i, (eid, path, size, media, sha) in enumerate(rows):
            name = QTableWidgetItem(path)
            name.setData(Qt.ItemDataRole.UserRole, eid)
            name.setToolTip(path)
            sz = QTableWidgetItem(human_size(size))
            sz.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            uses = self._uses.get(path, [])
            used = QTableWidgetItem("; ".join(uses))
            used.setToolTip("\n".join(uses))
            digest = QTableWidgetItem(sha)
            digest.setToolTip(sha)
            items = (name, sz, QTableWidgetItem(media or ""), used, digest)
            for col, item in enumerate(items):
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(USED_COL, min(self.table.columnWidth(USED_COL), 260))
        self.table.setColumnWidth(USED_COL + 1, 160)
        if keep is not None:
            self.select(keep)

    def select(self, evidence_id: int) -> bool:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == evidence_id:
                self.table.selectRow(row)
                return True
        return False

    def used_by(self, path: str) -> list[str]:
        """The checklist items ("title · ref") whose answer links ``path``."""
        return list(self._uses.get(path, []))

    def add_file(self) -> int | None:
        """Ask for a file and store it as evidence; returns its id (None: nothing added)."""
        session = self._session
        if session is None or session.read_only:
            return None
        source, _ = QFileDialog.getOpenFileName(self, self.tr("Add evidence"))
        if not source:
            return None
        try:
            added = self.write(Change.EVIDENCE,
                               lambda: add_evidence(session.engagement, source))
        except (MessageError, OSError) as exc:  # shown to the user; nothing was written
            show_error(self, self.tr("Cannot add the evidence file"), exc)
            return None
        self._load(keep=added.id)
        return added.id

    def _show_placeholder(self, text: str) -> None:
        self.placeholder.setText(text)
        self.stack.setCurrentWidget(self.placeholder)
        self.name_label.clear()
        self.used_label.clear()
        self.open_button.setEnabled(False)
        self._current = None

    def _preview_selected(self) -> None:
        items = self.table.selectedItems()
        if not items or self._session is None:
            return
        eid = self.table.item(items[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self.preview(eid)

    def preview(self, evidence_id: int) -> str:
        """Show one evidence file; returns the kind of preview shown (for tests)."""
        assert self._session is not None
        path, media, data = self._session.conn.execute(
            "SELECT path, media_type, data FROM evidence WHERE id = ?", (evidence_id,)
        ).fetchone()
        self._current = (path, bytes(data))
        self.name_label.setText(path)
        uses = self._uses.get(path, [])
        self.used_label.setText(
            self.tr("Used by: %1").replace("%1", "; ".join(uses)) if uses
            else self.tr("No checklist answer links this file yet.")
        )
        self.open_button.setEnabled(True)
        media = media or ""
        suffix = Path(path).suffix.lower()
        width = max(300, self.stack.width() - 30)
        if media.startswith("image/"):
            pm = QPixmap()
            if pm.loadFromData(data):
                if pm.width() > width:
                    pm = pm.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
                self.image_label.setPixmap(pm)
                self.image_label.resize(pm.size())
                self.stack.setCurrentWidget(self.image_scroll)
                return "image"
        if media == "application/pdf" or suffix == ".pdf":
            pages = _pdf_pages(bytes(data), width)
            if pages:
                pm = QPixmap.fromImage(pages[0])
                self.image_label.setPixmap(pm)
                self.image_label.resize(pm.size())
                self.stack.setCurrentWidget(self.image_scroll)
                return "pdf"
            self.placeholder.setText(
                self.tr("PDF preview needs the pypdfium2 package. Use “Open externally”.")
            )
            self.stack.setCurrentWidget(self.placeholder)
            return "external"
        if media.startswith(TEXT_TYPES) or suffix in TEXT_SUFFIXES:
            raw = bytes(data[:MAX_TEXT])
            encs = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ()
            for enc in (*encs, "utf-8-sig", "cp950"):
                try:
                    text = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                text = raw.decode("utf-8", errors="replace")
            self.text_view.setPlainText(text)
            self.stack.setCurrentWidget(self.text_view)
            return "text"
        self.placeholder.setText(self.tr("No preview for this type of file."))
        self.stack.setCurrentWidget(self.placeholder)
        return "external"

    def open_externally(self) -> None:
        if not self._current:
            return
        path, data = self._current
        try:
            folder = Path(tempfile.mkdtemp(prefix="veridesk-evidence-"))
            target = folder / Path(path).name
            target.write_bytes(data)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Cannot open the file"),
                                self.tr("A copy could not be written: %1")
                                .replace("%1", exc.strerror or str(exc)))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(target))):
            QMessageBox.information(
                self, self.tr("Cannot open the file"),
                self.tr("No application on this computer opens this kind of file. "
                        "A copy was saved at %1.").replace("%1", str(target)))


register(EvidencePage, order=50)
