"""The main window: menus, page navigation, the engagement header and the status bar."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.identity import current_actor
from desktop.store.db import SUFFIX
from desktop.ui import labels
from desktop.ui import settings as prefs
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, pages
from desktop.ui.session import Change, Session
from desktop.ui.theme import STATE_COLOURS, heading_font, restyle
from desktop.ui.welcome import RecentFilesList
from desktop.ui.workers import Job, ProgressDialog, check_job, import_job

# Windows that replaced another one (a language switch): kept alive here, as no caller
# holds them.
_windows: list[MainWindow] = []


class MainWindow(QMainWindow):
    session_changed = Signal()
    checks_ready = Signal()
    import_finished = Signal(object)  # the new file's Path, or None (failed / cancelled)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session: Session | None = None
        self._jobs: set[Job] = set()
        self._check_job: Job | None = None
        self._check_generation = 0  # results of an older run are dropped
        # a burst of changes (a note saved with an answer, a walk through items) runs the
        # checks once, when the event loop is next idle
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(0)
        self._recheck.timeout.connect(self._recheck_after_change)
        self._build_pages()
        self._build_menus()
        self._build_status()
        self._update_title()
        self._update_file_actions()
        self._restore_window()
        self.setAcceptDrops(True)
        self._build_edit_menu()

    def _build_edit_menu(self) -> None:
        """Edit, after File: undo and redo the checklist answers (the Checklists page's
        undo stack; the actions are enabled when there is something to undo or redo)."""
        page = next((p for p in self.pages if p.key == "checklists"), None)
        stack = getattr(page, "undo_stack", None)
        if stack is None:
            return
        mb = self.menuBar()
        edit_menu = mb.addMenu(self.tr("&Edit"))
        self.act_undo = stack.createUndoAction(self, self.tr("&Undo"))
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = stack.createRedoAction(self, self.tr("&Redo"))
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.act_undo)
        edit_menu.addAction(self.act_redo)
        first = mb.actions()[1] if len(mb.actions()) > 2 else None
        if first is not None:  # between File and View
            mb.removeAction(edit_menu.menuAction())
            mb.insertAction(first, edit_menu.menuAction())

    # ---- layout ------------------------------------------------------------------------
    def _build_pages(self) -> None:
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #f4f6f8; border-right: 1px solid #dde1e6;"
            " padding-top: 8px; }"
            "QListWidget#navigation { outline: 0; }"
            "QListWidget#navigation::item { padding: 8px 10px; border: none; }"
            "QListWidget#navigation::item:selected { background: #dbeaf0; color: #0f3d4c; }"
        )
        row.addWidget(self.nav)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(0)
        self.header = QWidget()
        self.header.setObjectName("engagementHeader")
        hl = QHBoxLayout(self.header)
        hl.setContentsMargins(20, 10, 20, 6)
        self.page_title = QLabel()
        self.page_title.setObjectName("pageTitle")
        self.page_title.setFont(heading_font(self.font(), 4))
        self.stage_label = QLabel()
        self.stage_label.setObjectName("stageLabel")
        self.stage_label.setStyleSheet("color: #4b5563;")
        self.state_badge = QLabel()
        self.state_badge.setObjectName("stateBadge")
        hl.addWidget(self.page_title)
        hl.addStretch(1)
        hl.addWidget(self.stage_label)
        hl.addSpacing(8)
        hl.addWidget(self.state_badge)
        rl.addWidget(self.header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #e5e7eb;")
        rl.addWidget(line)
        self.stack = QStackedWidget()
        rl.addWidget(self._scroller(self.stack), 1)
        row.addWidget(right, 1)
        self.setCentralWidget(central)

        self.welcome = self._build_welcome()
        self.stack.addWidget(self.welcome)
        self.pages: list[Page] = []
        for cls in pages():
            page = cls()
            self.pages.append(page)
            exported = getattr(page, "exported", None)
            if exported is not None:
                exported.connect(
                    lambda path: self.statusBar().showMessage(
                        self.tr("Opinion written to %1").replace("%1", path), 10000
                    )
                )
            report_exported = getattr(page, "report_exported", None)
            if report_exported is not None:
                report_exported.connect(
                    lambda path: self.statusBar().showMessage(
                        self.tr("Report written to %1").replace("%1", path), 10000
                    )
                )
            navigate = getattr(page, "navigate", None)  # a page sending the user elsewhere
            if navigate is not None:
                navigate.connect(self.go_to)
            self.stack.addWidget(page)
            item = QListWidgetItem(cls.icon(), cls.title())
            item.setData(Qt.ItemDataRole.UserRole, cls.key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.show_page)
        self._set_nav_enabled(False)
        self.stack.setCurrentWidget(self.welcome)

    @staticmethod
    def _scroller(inner: QWidget) -> QScrollArea:
        """The pages scroll rather than push the window past a small screen's edge."""
        area = QScrollArea()
        area.setObjectName("pageScroller")
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    def _build_welcome(self) -> QWidget:
        w = QWidget()
        w.setObjectName("welcome")
        lay = QVBoxLayout(w)
        lay.addStretch(1)
        title = QLabel(self.tr("Welcome to VeriDesk"))
        title.setFont(heading_font(self.font(), 8))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr("Create an engagement from a client's dossier, or open an engagement file.")
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet("color: #4b5563;")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        new = QPushButton(self.tr("New from dossier…"))
        new.clicked.connect(self.new_from_dossier)
        opn = QPushButton(self.tr("Open…"))
        opn.clicked.connect(self.open_dialog)
        buttons.addWidget(new)
        buttons.addWidget(opn)
        buttons.addStretch(1)
        lay.addWidget(title)
        lay.addWidget(text)
        lay.addSpacing(12)
        lay.addLayout(buttons)
        lay.addSpacing(16)
        self.recent_list = RecentFilesList()
        self.recent_list.open_requested.connect(self.open_path)
        lay.addWidget(self.recent_list, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)
        return w

    def _build_menus(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu(self.tr("&File"))
        self.act_new = QAction(self.tr("&New from dossier…"), self)
        self.act_new.setShortcut(QKeySequence("Ctrl+N"))
        self.act_new.triggered.connect(self.new_from_dossier)
        self.act_open = QAction(self.tr("&Open…"), self)
        self.act_open.setShortcut(QKeySequence("Ctrl+O"))
        self.act_open.triggered.connect(self.open_dialog)
        file_menu.addAction(self.act_new)
        file_menu.addAction(self.act_open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        self.act_close = QAction(self.tr("&Close"), self)
        self.act_close.setShortcut(QKeySequence("Ctrl+W"))
        self.act_close.triggered.connect(self.close_file)
        file_menu.addAction(self.act_close)
        file_menu.addSeparator()
        self.act_export = QAction(self.tr("&Export opinion…"), self)
        self.act_export.setShortcut(QKeySequence("Ctrl+E"))
        self.act_export.setEnabled(False)
        self.act_export.setToolTip(self.tr("Write the opinion as a PDF (a draft until signed)"))
        self.act_export.setStatusTip(self.act_export.toolTip())
        self.act_export.triggered.connect(self.export_opinion)
        file_menu.addAction(self.act_export)
        self.act_export_report = QAction(self.tr("Export verification &report…"), self)
        self.act_export_report.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_export_report.setEnabled(False)
        self.act_export_report.setToolTip(
            self.tr("Write the verification report as a PDF (a draft until signed)")
        )
        self.act_export_report.setStatusTip(self.act_export_report.toolTip())
        self.act_export_report.triggered.connect(self.export_report)
        file_menu.addAction(self.act_export_report)
        file_menu.setToolTipsVisible(True)
        file_menu.addSeparator()
        self.act_prefs = QAction(self.tr("&Preferences…"), self)
        self.act_prefs.setShortcut(QKeySequence.StandardKey.Preferences)
        self.act_prefs.triggered.connect(self.show_preferences)
        file_menu.addAction(self.act_prefs)
        file_menu.addSeparator()
        self.act_quit = QAction(self.tr("&Quit"), self)
        self.act_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.act_quit.triggered.connect(self.close)
        file_menu.addAction(self.act_quit)

        view_menu = mb.addMenu(self.tr("&View"))
        self.page_actions: list[QAction] = []
        for i, page in enumerate(self.pages):
            act = QAction(type(page).icon(), type(page).title(), self)
            if i < 9:
                act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _c=False, n=i: self.nav.setCurrentRow(n))
            view_menu.addAction(act)
            self.page_actions.append(act)
        view_menu.addSeparator()
        self.act_find = QAction(self.tr("&Find in table"), self)
        self.act_find.setShortcut(QKeySequence("Ctrl+F"))
        self.act_find.triggered.connect(self.focus_filter)
        view_menu.addAction(self.act_find)
        self.act_recheck = QAction(self.tr("&Run the checks again"), self)
        self.act_recheck.setShortcut(QKeySequence("F5"))
        self.act_recheck.triggered.connect(self.recompute_checks)
        view_menu.addAction(self.act_recheck)

        self._build_help_menu(mb)

    def _build_help_menu(self, mb) -> None:
        """Help: keyboard shortcuts, the user guide, About (desktop/ui/help.py)."""
        from desktop.ui import help as help_

        self.help_menu = mb.addMenu(self.tr("&Help"))
        self.help_actions = help_.fill_help_menu(self, self.help_menu)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.file_label = QLabel()
        self.file_label.setObjectName("statusFile")
        self.state_label = QLabel()
        self.state_label.setObjectName("statusState")
        self.saved_label = QLabel()
        for w in (self.file_label,):
            w.setContentsMargins(6, 0, 6, 0)
        self.saved_label.setObjectName("statusSaved")
        self.checks_label = QLabel()
        self.checks_label.setObjectName("statusChecks")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("statusProgress")
        sb.addWidget(self.file_label, 1)
        sb.addPermanentWidget(self.progress_label)
        sb.addPermanentWidget(self.checks_label)
        sb.addPermanentWidget(self.state_label)
        sb.addPermanentWidget(self.saved_label)

    # ---- navigation --------------------------------------------------------------------
    def _set_nav_enabled(self, enabled: bool) -> None:
        self.nav.setEnabled(enabled)
        for act in getattr(self, "page_actions", []):
            act.setEnabled(enabled)

    def show_page(self, index: int) -> None:
        if self.session is None or not 0 <= index < len(self.pages):
            return
        page = self.pages[index]
        self.stack.setCurrentWidget(page)
        self.page_title.setText(type(page).title())
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)

    def go_to(self, key: str, target: object = None) -> Page | None:
        """Show the page ``key`` and, when given, the ``target`` on it (the page's
        ``show_target``: a filter, an item)."""
        index = next((i for i, p in enumerate(self.pages) if p.key == key), -1)
        if self.session is None or index < 0:
            return None
        self.show_page(index)
        page = self.pages[index]
        show = getattr(page, "show_target", None)
        if target is not None and show is not None:
            show(target)
        return page

    def page(self, key: str) -> Page:
        return next(p for p in self.pages if p.key == key)

    def current_page(self) -> Page | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, Page) else None

    def focus_filter(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_filter()

    # ---- files -------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open engagement"),
            str(Path.home()),
            self.tr("VeriDesk engagements (*%1);;All files (*)").replace("%1", SUFFIX),
        )
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        try:
            session = Session.open(path)
        except Exception as exc:
            show_error(self, self.tr("Cannot open the engagement"), exc)
            return False
        self.close_session()
        self.session = session
        prefs.add_recent(path)
        session.changed.connect(self._session_changed)
        for page in self.pages:
            page.set_engagement(session)
        self._set_nav_enabled(True)
        self._update_file_actions()
        self.act_export_report.setText(
            self.tr("Export validation &report…")
            if session.subject.type == "validation"
            else self.tr("Export verification &report…")
        )
        start = self._start_page()
        self.nav.setCurrentRow(start)
        self.show_page(start)
        self._update_title()
        self._update_status()
        self.session_changed.emit()
        self.recompute_checks()
        return True

    def close_session(self) -> None:
        self._recheck.stop()
        self._check_job = None
        if self.session is not None:
            for page in self.pages:
                page.set_engagement(None)
            with contextlib.suppress(RuntimeError, TypeError):
                self.session.changed.disconnect(self._session_changed)
            self.session.close()
            self.session = None
        self._update_file_actions()

    def close_file(self) -> None:
        """File › Close: back to the welcome page (every change is already saved)."""
        if self.session is None:
            return
        self._remember_page()
        self.close_session()
        self._set_nav_enabled(False)
        self.nav.clearSelection()
        self.stack.setCurrentWidget(self.welcome)
        self.recent_list.refresh()
        self._update_title()
        self._update_status()
        self.session_changed.emit()

    def _file_actions(self) -> list[QAction]:
        """The menu actions that need an open file."""
        return [
            self.act_close,
            self.act_export,
            self.act_export_report,
            self.act_find,
            self.act_recheck,
            *self.page_actions,
        ]

    def _update_file_actions(self) -> None:
        if not hasattr(self, "act_close"):
            return  # menus not built yet
        for act in self._file_actions():
            act.setEnabled(self.session is not None)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = prefs.recent_files()
        for f in files:
            act = self.recent_menu.addAction(Path(f).name)
            act.setToolTip(f)
            act.triggered.connect(lambda _c=False, p=f: self.open_path(Path(p)))
        if not files:
            act = self.recent_menu.addAction(self.tr("No recent files"))
            act.setEnabled(False)

    def _start_page(self) -> int:
        """The page a file opens on: the last one shown (a previous run), else the first."""
        key = getattr(self, "_restore_page", "") or ""
        self._restore_page = ""  # only the first file opened after start-up
        keys = [p.key for p in self.pages]
        return keys.index(key) if key in keys else 0

    def new_from_dossier(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("New from dossier"))
        box.setText(self.tr("Is the client's dossier a folder or a zip file?"))
        folder_btn = box.addButton(self.tr("Folder…"), QMessageBox.ButtonRole.AcceptRole)
        zip_btn = box.addButton(self.tr("Zip file…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is folder_btn:
            src = QFileDialog.getExistingDirectory(self, self.tr("Choose the dossier folder"))
        elif box.clickedButton() is zip_btn:
            src, _ = QFileDialog.getOpenFileName(
                self, self.tr("Choose the dossier zip"), "", self.tr("Zip files (*.zip)")
            )
        else:
            return
        if not src:
            return
        self.import_from(Path(src))

    def import_from(self, src: Path) -> Job | None:
        """Ask where to save the engagement made from the dossier ``src`` (a folder or a
        zip), then import it."""
        suggested = Path(src).with_suffix("").name + SUFFIX
        out, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the engagement as"),
            str(Path(src).parent / suggested),
            self.tr("VeriDesk engagements (*%1)").replace("%1", SUFFIX),
        )
        if not out:
            return None
        out_path = Path(out)
        if out_path.suffix.lower() != SUFFIX:
            out_path = out_path.with_suffix(SUFFIX)
        # The save dialog has asked whether to replace the file it was given; a name the
        # suffix was added to has not been asked about, so it is asked here, once. The
        # engine never replaces a signed file and keeps a dated copy of a draft.
        force = out_path.exists()
        if force and out_path != Path(out):
            answer = QMessageBox.question(
                self,
                self.tr("Save the engagement as"),
                self.tr("%1 already exists. Do you want to replace it?").replace(
                    "%1", out_path.name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        return self.start_import(Path(src), out_path, force=force)

    def start_import(self, dossier: Path, out: Path, force: bool = False) -> Job:
        """Import in a worker with a cancellable progress dialog; opens the file when done.
        ``force`` replaces an existing ``out`` (never a signed one)."""
        job = import_job(dossier, out, current_actor(), force=force)
        dialog = ProgressDialog(job, self.tr("Importing %1…").replace("%1", dossier.name), self)
        self.progress_dialog = dialog

        def ok(report) -> None:
            self.import_finished.emit(report.path)
            self.open_path(Path(report.path))
            if report.replaced_backup is not None:
                self.statusBar().showMessage(
                    self.tr("Replaced %1; the previous version was kept as %2")
                    .replace("%1", Path(report.path).name)
                    .replace("%2", Path(report.replaced_backup).name),
                    15000,
                )

        def failed(exc) -> None:
            self.import_finished.emit(None)
            show_error(self, self.tr("The dossier could not be imported"), exc)

        def cancelled() -> None:
            self.statusBar().showMessage(self.tr("Import cancelled: no file was written."), 8000)
            self.import_finished.emit(None)

        job.succeeded.connect(ok)
        job.failed.connect(failed)
        job.was_cancelled.connect(cancelled)
        self._run(job)
        return job

    def _session_changed(self, kind: str) -> None:
        """A write changed the records (the pages refresh themselves): the header and the
        status bar show it now, and the checks run again once the burst is over."""
        if kind == Change.CHECKS or self.session is None:
            return  # the results of our own run: ``recompute_checks`` shows them
        self._update_status()
        self._recheck.start()

    def _recheck_after_change(self) -> None:
        if self.session is not None:
            self.recompute_checks(keep=True)

    def checks_running(self) -> bool:
        """True while check results are awaited (after opening, F5 or a change)."""
        return self._recheck.isActive() or self._check_job is not None

    def export_opinion(self) -> None:
        signoff = next((p for p in self.pages if p.key == "signoff"), None)
        if signoff is None or self.session is None:
            return
        self.nav.setCurrentRow(self.pages.index(signoff))
        signoff.export_pdf()  # a worker writes it; ``exported`` reports where

    def export_report(self) -> None:
        signoff = next((p for p in self.pages if p.key == "signoff"), None)
        if signoff is None or self.session is None:
            return
        self.nav.setCurrentRow(self.pages.index(signoff))
        signoff.export_report()  # a worker writes it; ``report_exported`` reports where

    def recompute_checks(self, keep: bool = False) -> Job | None:
        """Run the checks in a worker; their results reach every page as
        ``Change.CHECKS``. ``keep``: the cached results stay shown meanwhile (after a
        change that did not touch what the checks read; one that did has cleared them)."""
        if self.session is None:
            return None
        session = self.session
        if not keep:
            session.results = None
        self.checks_label.setText(self.tr("Running the checks…"))
        self._check_generation += 1
        generation = self._check_generation
        job = check_job(session.path)
        self._check_job = job

        def current() -> bool:
            return self.session is session and generation == self._check_generation

        def ok(results) -> None:
            if not current():
                return  # another file, or a later run for later changes
            self._check_job = None
            session.set_results(results)  # every page refreshes from them
            self._update_status()
            self.checks_ready.emit()

        def failed(exc) -> None:
            if not current():
                return
            self._check_job = None
            self.checks_label.setText(self.tr("Checks could not run"))
            show_error(self, self.tr("The checks could not run"), exc)

        job.succeeded.connect(ok)
        job.failed.connect(failed)
        self._run(job)
        return job

    def _run(self, job: Job) -> None:
        self._jobs.add(job)
        job.ended.connect(lambda: self._jobs.discard(job))
        job.start()

    # ---- header, title, status ---------------------------------------------------------
    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle("VeriDesk")
            self.page_title.setText("")
            self.stage_label.clear()
            self.state_badge.clear()
            self.state_badge.setStyleSheet("")
        else:
            self.setWindowTitle(f"VeriDesk — {self.session.path.name}")

    def _update_status(self, states: list | None = None) -> None:
        s = self.session
        if s is None:
            for w in (
                self.file_label,
                self.state_label,
                self.saved_label,
                self.checks_label,
                self.progress_label,
            ):
                w.clear()
            return
        from desktop.checklist import item_states

        if states is None:
            states = item_states(s.conn, s.results)
        self.progress_label.setText(self._progress_text(s, states) + "  · ")
        state = s.state
        lead = s.lead()
        self.file_label.setText(
            f"{s.path}  · " + self.tr("Lead: %1").replace("%1", lead) if lead else str(s.path)
        )
        self.state_label.setText(" · " + labels.state_name(state))
        if s.locked_elsewhere:
            saved = self.tr("read-only: open elsewhere")
        elif state == "signed":
            saved = self.tr("read-only")  # the state already says "signed"
        else:
            saved = self.tr("saved")
        self.saved_label.setText(" · " + saved + "  ")
        colour = STATE_COLOURS.get(state, "#6b7280")
        self.stage_label.setText(self._stage_text(s, state, states))
        self.state_badge.setText(f"● {labels.state_name(state)} · {saved}")
        restyle(
            self.state_badge,
            f"QLabel#stateBadge {{ color: {colour}; border: 1px solid {colour};"
            " border-radius: 9px; padding: 2px 10px; }",
        )
        if s.results is not None:
            tally = {st: sum(1 for r in s.results if r.status == st) for st in ("fail", "warn")}
            self.checks_label.setText(
                self.tr("Checks: %1 failed, %2 with a warning")
                .replace("%1", str(tally["fail"]))
                .replace("%2", str(tally["warn"]))
            )

    def _progress_text(self, s: Session, states: list) -> str:
        """``12 of 44 answered · Open findings: 0 CAR · 1 CL · 0 FAR`` (the pages' words)."""
        from PySide6.QtCore import QCoreApplication

        from desktop.findings import counts, list_findings

        c = counts(list_findings(s.conn))
        answered = (
            QCoreApplication.translate("ChecklistsPage", "%1 of %2 answered")
            .replace("%1", str(sum(x.answered for x in states)))
            .replace("%2", str(len(states)))
        )
        open_findings = (
            QCoreApplication.translate("OverviewPage", "Open findings: %1 CAR · %2 CL · %3 FAR")
            .replace("%1", str(c["CAR"]["open"]))
            .replace("%2", str(c["CL"]["open"]))
            .replace("%3", str(c["FAR"]["open"]))
        )
        return f"{answered} · {open_findings}"

    def _stage_text(self, s: Session, state: str, states: list | None = None) -> str:
        """The ISO 14064-3 stage the work is in and what is left in it (the next step)."""
        if state != "draft" or s.results is None:
            return self.tr("Stage: %1").replace("%1", labels.stage_name(state))
        from desktop.checklist import current_stage, item_states, stage_label
        from desktop.i18n import current_language

        if states is None:
            states = item_states(s.conn, s.results)
        stage = current_stage(states)
        if stage is None:
            # every item answered: what is left is what the sign-off gate still wants
            from desktop import signoff

            failing = sum(not g.ok for g in signoff.status(s.conn, s.results).gate)
            if failing:
                return self.tr("Stage: opinion · %1 sign-off rules not met: see Sign-off").replace(
                    "%1", str(failing)
                )
            return self.tr("Stage: opinion · ready to sign: go to Sign-off")
        left = sum(1 for x in states if x.item.stage == stage and not x.answered)
        return (
            self.tr("Stage: %1 · %2 items left")
            .replace("%1", stage_label(stage, current_language()))
            .replace("%2", str(left))
        )

    # ---- dialogs -----------------------------------------------------------------------
    def show_preferences(self) -> None:
        from desktop.ui.app import choose_language
        from desktop.ui.preferences import PreferencesDialog

        before = choose_language(prefs.language())
        if PreferencesDialog(self).exec() != PreferencesDialog.DialogCode.Accepted:
            return
        after = choose_language(prefs.language())
        if after != before:
            self.switch_language(after)

    def switch_language(self, lang: str) -> MainWindow:
        """Show the interface in ``lang`` now: a new window in the new language takes this
        one's place, on the same file and page (every change is already saved)."""
        from PySide6.QtWidgets import QApplication

        from desktop.ui.app import install_translators

        path = self.session.path if self.session is not None else None
        page = self.stack.currentWidget()
        key = page.key if isinstance(page, Page) else None
        install_translators(QApplication.instance(), lang)
        new = MainWindow()
        _windows.append(new)  # the caller may hold only the old window
        new.setGeometry(self.geometry())
        new.show()  # before this one closes, or the application would quit
        self.close()  # releases the file's write lock
        if self in _windows:
            _windows.remove(self)
        if path is not None and new.open_path(path) and key is not None:
            target = new.page(key)
            new.nav.setCurrentRow(new.pages.index(target))
        return new

    def show_about(self) -> None:
        from desktop.ui import help as help_

        help_.show_about(self)

    def closeEvent(self, event) -> None:
        page_jobs = [job for page in self.pages for job in getattr(page, "jobs", ())]
        for job in [*self._jobs, *page_jobs]:
            job.cancel()
            job.wait(10000)
        self._save_window()
        self.close_session()
        super().closeEvent(event)

    # ---- window geometry, splitters and the last page (QSettings) -----------------------
    def _splitters(self) -> list[QSplitter]:
        """Every splitter of the pages, named ``<page>Splitter<n>`` when it has no name."""
        found: list[QSplitter] = []
        for page in self.pages:
            for n, split in enumerate(page.findChildren(QSplitter)):
                if not split.objectName():
                    split.setObjectName(f"{page.key}Splitter{n}")
                found.append(split)
        return found

    def _default_geometry(self) -> QRect:
        """90 % of the screen's available area, at most 1280×800, centred on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        avail = screen.availableGeometry()
        width = min(1280, int(avail.width() * 0.9))
        height = min(800, int(avail.height() * 0.9))
        rect = QRect(0, 0, width, height)
        rect.moveCenter(avail.center())
        return rect

    def _fits_screen(self) -> bool:
        """A restored geometry fits this screen (another screen, or a larger one, may have
        saved it): its frame is no larger than the available area, and it shows there."""
        if self.isMaximized() or self.isFullScreen():
            return True
        avail = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        frame = self.frameGeometry()
        if frame == self.geometry():  # not shown yet: allow for a title bar and borders
            frame = frame.adjusted(-8, -32, 8, 8)
        return (
            frame.width() <= avail.width()
            and frame.height() <= avail.height()
            and avail.intersects(self.geometry())
        )

    def _restore_window(self) -> None:
        geometry = prefs.window_bytes("geometry")
        if geometry is None or not self.restoreGeometry(geometry) or not self._fits_screen():
            self.setGeometry(self._default_geometry())
        state = prefs.window_bytes("state")
        if state is not None:
            self.restoreState(state)
        for split in self._splitters():
            saved = prefs.window_bytes(f"splitters/{split.objectName()}")
            if saved is not None:
                split.restoreState(saved)
        self._restore_page = prefs.last_page()

    def _remember_page(self) -> None:
        page = self.current_page()
        if page is not None:
            prefs.set_last_page(page.key)

    def _save_window(self) -> None:
        prefs.set_window_bytes("geometry", self.saveGeometry())
        prefs.set_window_bytes("state", self.saveState())
        for split in self._splitters():
            prefs.set_window_bytes(f"splitters/{split.objectName()}", split.saveState())
        self._remember_page()

    # ---- drag and drop: a .veridesk opens, a dossier folder or zip is imported ----------
    @staticmethod
    def _dropped_path(mime) -> Path | None:
        urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        return Path(urls[0].toLocalFile()) if len(urls) == 1 else None

    def dragEnterEvent(self, event) -> None:
        if self._dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if self._dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_drop(self, mime) -> bool:
        """Open a dropped engagement file, import a dropped dossier folder or zip; anything
        else is explained in the status bar. True when something was started."""
        path = self._dropped_path(mime)
        if path is not None and path.is_file() and path.suffix.lower() == SUFFIX:
            return self.open_path(path)
        if path is not None and (
            path.is_dir() or (path.is_file() and path.suffix.lower() == ".zip")
        ):
            return self.import_from(path) is not None
        self.statusBar().showMessage(
            self.tr(
                "Drop one engagement file (*%1), dossier folder or dossier zip to open it."
            ).replace("%1", SUFFIX),
            8000,
        )
        return False
