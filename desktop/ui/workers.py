"""Long work off the GUI thread: QThread jobs that import a dossier, store a registry
export, run the checks and render the opinion and the verification report.

A job runs a plain function in a worker thread and reports progress, its result, or the
exception it raised, through queued signals. Cancellation is a flag the function polls
(``import_dossier(cancelled=...)``): a cancelled import leaves no file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import Cancelled
from desktop.partials import write_atomically

if TYPE_CHECKING:
    from desktop.store.db import Engagement


class Job(QObject):
    """Runs ``fn(progress, cancelled)`` in its own QThread."""

    progress = Signal(str, float)
    succeeded = Signal(object)
    failed = Signal(object)
    was_cancelled = Signal()
    done = Signal()  # emitted from the worker thread
    ended = Signal()  # emitted in the GUI thread once the thread has exited: drop it now

    def __init__(self, fn: Callable[[Callable[[str, float], None], Callable[[], bool]], Any]):
        super().__init__()
        self._fn = fn
        self._cancel = threading.Event()
        self._thread = QThread()
        self._thread.setObjectName("veridesk-job")
        self._runner = _Runner(self)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        # direct: quit() is thread-safe, and wait() from the GUI thread must not deadlock
        self.done.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self.done.connect(self._reap, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._thread.start()

    def _reap(self) -> None:
        # Destroying a QThread that is still winding down aborts the process: wait for it.
        self._thread.wait()
        self.ended.emit()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)


class _Runner(QObject):
    def __init__(self, job: Job):
        super().__init__()
        self._job = job

    def run(self) -> None:
        job = self._job
        try:
            result = job._fn(lambda phase, frac: job.progress.emit(phase, frac), job.is_cancelled)
        except Cancelled:
            job.was_cancelled.emit()
        except BaseException as exc:
            if job.is_cancelled():
                job.was_cancelled.emit()
            else:
                job.failed.emit(exc)
        else:
            if job.is_cancelled():
                job.was_cancelled.emit()
            else:
                job.succeeded.emit(result)
        finally:
            job.done.emit()


def import_job(dossier: Path, out: Path, actor: str, force: bool = False) -> Job:
    """``force``: replace an existing ``out`` (the engine never replaces a signed one and
    keeps a dated copy of a draft it replaces)."""
    from desktop.dossier.importer import import_dossier

    def work(progress, cancelled):
        return import_dossier(
            dossier, out, force=force, actor=actor, progress=progress, cancelled=cancelled
        )

    return Job(work)


def registry_export_job(engagement: Engagement, source: Path, actor: str | None = None) -> Job:
    """Read a registry export and store it with its records (one audited transaction) on
    a second connection under ``engagement``'s write lock; a cancel before the commit
    leaves nothing. ``actor`` None: this user. Returns ``(stored path, SHA-256, export)``."""

    def work(progress, cancelled):
        from desktop.registry.store import add_export

        with engagement.sibling() as eng:
            return add_export(eng, source, actor=actor, progress=progress,
                              cancelled=cancelled)

    return Job(work)


def check_job(path: Path) -> Job:
    """Recompute the checks on a separate read-only connection (the window keeps its own)."""

    def work(progress, cancelled):
        from desktop.engagement import run_engagement_checks
        from desktop.store.db import open_file

        progress("load", 0.1)
        with open_file(path, write=False) as eng:
            results = run_engagement_checks(eng.conn)
        progress("done", 1.0)
        return results

    return Job(work)


def opinion_job(
    path: Path,
    results: list | None,
    lang: str,
    out: Path | None = None,
    pages: Callable[[bytes], list] | None = None,
) -> Job:
    """Build and render the opinion PDF on a separate read-only connection (the seal reads
    every record: seconds on a large file); ``results`` None runs the checks first.

    Writes the PDF to ``out`` when given, replacing the file only once it is complete;
    ``pages`` turns it into preview images in the worker. Returns ``(pdf, images)``."""

    def work(progress, cancelled):
        from desktop.opinion_export import build_document
        from desktop.report.pdf import render_opinion
        from desktop.store.db import open_file

        with open_file(path, write=False) as eng:
            if results is None:
                from desktop.engagement import run_engagement_checks

                progress("load", 0.02)
                checked = run_engagement_checks(eng.conn)
            else:
                checked = results
            progress("seal", 0.1)
            doc = build_document(eng.conn, checked, lang)
        if cancelled():
            raise Cancelled()
        progress("render", 0.5)
        pdf = render_opinion(doc)
        if cancelled():
            raise Cancelled()
        if out is not None:
            from desktop.store.replace import refuse_engagement_target

            refuse_engagement_target(out)  # an output never replaces an engagement file
            write_atomically(out, pdf)
        images = []
        if pages is not None:
            progress("preview", 0.8)
            images = pages(pdf)
        progress("done", 1.0)
        return pdf, images

    return Job(work)


def report_job(path: Path, results: list | None, lang: str, out: Path) -> Job:
    """Build and render the verification (or validation) report on a separate read-only
    connection and write it to ``out`` whole or not at all; ``results`` None runs the
    checks first. The report names the issuing body as the opinion does. Returns ``out``."""

    def work(progress, cancelled):
        from desktop.report.report_pdf import render_report
        from desktop.report_export import build_report
        from desktop.store.db import open_file
        from desktop.store.replace import refuse_engagement_target

        refuse_engagement_target(out)
        with open_file(path, write=False) as eng:
            if results is None:
                from desktop.engagement import run_engagement_checks

                progress("load", 0.02)
                checked = run_engagement_checks(eng.conn)
            else:
                checked = results
            progress("seal", 0.1)
            doc = build_report(eng.conn, checked, lang, issuing_body(eng.conn))
        if cancelled():
            raise Cancelled()
        progress("report", 0.4)
        pdf = render_report(doc)
        if cancelled():
            raise Cancelled()
        refuse_engagement_target(out)  # checked again: the render may take a while
        write_atomically(out, pdf)
        progress("done", 1.0)
        return out

    return Job(work)


def issuing_body(conn) -> str | None:
    """The body's name as the opinion prints it: recorded in the lead's signature, else
    this user's profile (Preferences); None leaves the report to name the lead's
    organisation."""
    import json

    from desktop.body import Body, load_profile

    row = conn.execute("SELECT payload FROM signature WHERE role = 'lead'").fetchone()
    body = Body.from_json(json.loads(row[0]).get("body")) if row else load_profile()
    return body.name or None


class ProgressDialog(QProgressDialog):
    """A cancellable progress dialog bound to a job; closes itself when the job ends."""

    def __init__(
        self, job: Job, label: str, parent: QWidget | None = None, cancellable: bool = True
    ):
        super().__init__(label, self.tr("Cancel"), 0, 1000, parent)
        self.setObjectName("jobProgress")
        self.setWindowTitle(self.tr("VeriDesk"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setValue(0)
        self._job = job
        self._label = label
        self._started: float | None = None  # when the first progress arrived
        job.progress.connect(self._on_progress)
        job.done.connect(self._finish)
        self._cancellable = cancellable
        if cancellable:
            self.canceled.connect(job.cancel)
        else:  # work that must finish once started (one transaction): no button, no Esc
            self.setCancelButton(None)

    def reject(self) -> None:
        if self._cancellable:  # Esc and the close button cancel; otherwise they do nothing
            super().reject()

    def closeEvent(self, event) -> None:
        if self._cancellable:
            super().closeEvent(event)
        else:
            event.ignore()

    def _on_progress(self, phase: str, fraction: float) -> None:
        if self.wasCanceled():
            return
        self.setValue(max(0, min(999, int(fraction * 1000))))
        self.setLabelText(
            f"{self._label}\n{phase_label(phase)}{self._volume(phase, fraction)}"
            f"{self._eta(fraction)}"
        )

    def _volume(self, phase: str, fraction: float) -> str:
        """" · 12.3 of 38.8 MiB · 9.6 MiB/s" while tables are read (phase "tables:BYTES")."""
        import time

        name, _, size = phase.partition(":")
        if name != "tables" or not size.isdigit():
            return ""
        total = int(size) / 2**20
        done = min(fraction / 0.9, 1.0) * total
        text = " · " + self.tr("%1 of %2 MiB").replace("%1", f"{done:.1f}").replace(
            "%2", f"{total:.1f}")
        if self._started is not None:
            elapsed = time.monotonic() - self._started
            if elapsed > 0.5 and done > 0:
                text += " · " + self.tr("%1 MiB/s").replace("%1", f"{done / elapsed:.1f}")
        return text

    def _eta(self, fraction: float) -> str:
        """" · 42 % · about 6 s left": the share done and the time left at this pace."""
        import time

        now = time.monotonic()
        if self._started is None:
            self._started = now
        elapsed = now - self._started
        if not 0.02 < fraction < 0.995 or elapsed < 0.5:
            return ""
        left = elapsed * (1 - fraction) / fraction
        text = " · " + self.tr("%1 %").replace("%1", str(int(fraction * 100)))
        if left >= 1:
            text += " · " + self.tr("about %1 s left").replace("%1", str(round(left)))
        return text

    def _finish(self) -> None:
        self.setValue(1000)
        self.hide()
        self.deleteLater()


def phase_label(phase: str) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        "tables": QCoreApplication.translate("phase", "Reading the tables"),
        "evidence": QCoreApplication.translate("phase", "Storing the evidence"),
        "load": QCoreApplication.translate("phase", "Loading the data"),
        "registry": QCoreApplication.translate("phase", "Reading the registry export"),
        "records": QCoreApplication.translate("phase", "Storing the registry records"),
        "seal": QCoreApplication.translate("phase", "Sealing the record"),
        "render": QCoreApplication.translate("phase", "Laying out the opinion"),
        "report": QCoreApplication.translate("phase", "Laying out the report"),
        "preview": QCoreApplication.translate("phase", "Drawing the pages"),
        "done": QCoreApplication.translate("phase", "Done"),
    }
    for key, text in names.items():
        if phase.startswith(key):
            return text
    return QCoreApplication.translate("phase", "Working…")
