"""The Qt binding itself keeps Python's reference counts straight.

PySide6 6.12.0 drops a reference to ``None`` each time a method that returns nothing is
called. On Python 3.11, where ``None`` is an ordinary object, a working day of clicks
brings its count to zero and the interpreter aborts ("deallocating None"). The
dependency pin avoids that release; this test catches any binding that does it again.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem


def _none_refs_lost(call, times: int = 2000) -> int:
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    gc.collect()
    return before - sys.getrefcount(None)


def test_void_methods_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    first, second = QTreeWidgetItem(tree, ["a"]), QTreeWidgetItem(tree, ["b"])

    def flip() -> None:
        tree.setCurrentItem(second if tree.currentItem() is first else first)

    # A leak loses one reference per call (2000); allow noise from unrelated objects.
    assert _none_refs_lost(lambda: label.setText("x")) < 200
    assert _none_refs_lost(flip) < 200
    assert _none_refs_lost(lambda: tree.itemAbove(first)) < 200  # returns None itself
