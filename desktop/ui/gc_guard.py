"""Run Python's cyclic garbage collector in the GUI thread only.

The collector runs in whichever thread happens to allocate when a threshold is crossed:
in a worker (an import, the checks) it may free Qt objects left in reference cycles
(widgets, closures over them) outside the GUI thread, which crashes Qt. So automatic
collection is switched off, and a timer in the GUI thread collects instead whenever the
counts pass the thresholds (the usual PySide remedy).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GarbageCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                break


def install(app: QObject) -> GarbageCollector:
    existing = app.findChild(GarbageCollector)
    return existing if existing is not None else GarbageCollector(app)
