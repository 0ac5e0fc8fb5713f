"""``build.spec`` (the PyInstaller app) without running PyInstaller: it parses, it ships
every bundled data folder that exists, and the frozen paths resolve under ``sys._MEIPASS``.
The real build is checked by ``scripts/check_frozen.sh`` (``CI_FROZEN=1 .ci/run``)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from desktop import __version__, checklist_defs, paths

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "build.spec"


class _Recorder:
    """Stands in for PyInstaller's Analysis/PYZ/EXE/COLLECT and keeps what it was given."""

    calls: dict[str, tuple[tuple, dict]]

    def __init__(self, kind: str, calls: dict):
        self.kind, self.calls = kind, calls

    def __call__(self, *args, **kwargs):
        self.calls[self.kind] = (args, kwargs)
        obj = type(self.kind, (), {})()
        obj.binaries, obj.datas, obj.pure, obj.scripts = [], [], [], []
        return obj


@pytest.fixture(scope="module")
def spec() -> dict:
    """Run the spec with stand-ins; return the recorded calls and its namespace."""
    source = SPEC.read_text(encoding="utf-8")
    calls: dict = {}
    namespace = {
        "__name__": "__main__",
        "__file__": str(SPEC),
        "SPECPATH": str(REPO),
        "SPEC": str(SPEC),
        "workpath": str(REPO / "build" / "build"),
        **{k: _Recorder(k, calls) for k in ("Analysis", "PYZ", "EXE", "COLLECT")},
    }
    exec(compile(source, str(SPEC), "exec"), namespace)
    return {"calls": calls, "ns": namespace}


def test_spec_parses_as_python():
    ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _bundled(spec) -> set[tuple[str, str]]:
    datas = spec["calls"]["Analysis"][1]["datas"]
    return {(str(Path(src).resolve().relative_to(REPO).as_posix()), dest) for src, dest in datas}


@pytest.mark.parametrize(
    "folder",
    [
        "checklists",
        "methodologies",
        "resources/fonts",
        "resources/icons",
        "resources/translations",
        "resources/demo/taipei-bakery",
    ],
)
def test_every_existing_data_file_is_bundled_in_place(spec, folder):
    """Each file of the folder (its patterns: TOML + README, fonts, icons, .qm, the demo)
    lands in the bundle under the same relative folder."""
    bundled = _bundled(spec)
    patterns = {
        "checklists": ("*.toml", "README.md"),
        "methodologies": ("*.toml", "README.md"),
        "resources/icons": ("*.svg", "*.png", "*.ico"),
        "resources/translations": ("*.qm",),
    }.get(folder, ("*",))
    base = REPO / folder
    if not base.is_dir():
        pytest.skip(f"{folder} does not exist (yet)")
    expected = {
        (p.relative_to(REPO).as_posix(), p.parent.relative_to(REPO).as_posix())
        for pattern in patterns
        for p in base.rglob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    }
    if folder in ("checklists", "methodologies", "resources/fonts", "resources/demo/taipei-bakery"):
        assert expected, f"{folder} is empty"
    assert expected <= bundled, sorted(expected - bundled)


def test_required_data_and_schema(spec):
    bundled = _bundled(spec)
    dests = {dest for _, dest in bundled}
    assert ("desktop/store/schema.sql", "desktop/store") in bundled
    assert ("resources/fonts/wqy-microhei.ttc", "resources/fonts") in bundled
    assert ("checklists/pas2060.toml", "checklists") in bundled
    assert ("methodologies/ACM0002.toml", "methodologies") in bundled
    assert ("resources/demo/taipei-bakery/dossier.toml", "resources/demo/taipei-bakery") in bundled
    assert "resources/demo" not in dests  # make_demo.py is a developer tool
    assert not any("__pycache__" in src or src.endswith(".pyc") for src, _ in bundled)


def test_app_name_version_and_entry(spec):
    ns, calls = spec["ns"], spec["calls"]
    assert ns["VERSION"] == __version__
    assert calls["COLLECT"][1]["name"] == "VeriDesk"
    exe = calls["EXE"][1]
    assert exe["name"] == "veridesk" and exe["console"] is True
    scripts = calls["Analysis"][0][0]
    assert [Path(s).name for s in scripts] == ["pyi_entry.py"]
    entry = (REPO / "scripts" / "pyi_entry.py").read_text(encoding="utf-8")
    assert "from desktop.cli import main" in entry
    hidden = calls["Analysis"][1]["hiddenimports"]
    assert {"desktop.cli", "desktop.dossier.parallel", "desktop.store.db"} <= set(hidden)
    excludes = set(calls["Analysis"][1]["excludes"])
    for used in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"):
        assert used not in excludes


def test_gui_uses_only_bundled_qt_modules(spec):
    """A Qt module imported by desktop/ must not be on the spec's exclude list."""
    excludes = set(spec["calls"]["Analysis"][1]["excludes"])
    used = set()
    for path in (REPO / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6"):
                used.add(node.module)
            elif isinstance(node, ast.Import):
                used |= {a.name for a in node.names if a.name.startswith("PySide6")}
    assert not used & excludes, sorted(used & excludes)


def test_app_root_honours_meipass(monkeypatch, tmp_path):
    source_root = paths.app_root()
    assert (source_root / "desktop" / "paths.py").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert paths.app_root() == tmp_path
    assert paths.resources() == tmp_path / "resources"
    assert paths.checklists_dir() == tmp_path / "checklists"
    assert paths.demo_dossier() == tmp_path / "resources" / "demo" / "taipei-bakery"
    assert checklist_defs.default_folder() == tmp_path / "checklists"
    assert paths.methodologies_dir() == tmp_path / "methodologies"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert paths.app_root() == source_root


def test_frozen_start_up_restores_the_child_environment(monkeypatch):
    """desktop._frozen: programs the frozen app starts get the user's library and Qt paths."""
    from desktop import _frozen

    bundle = "/opt/VeriDesk/_internal"
    env = {
        "LD_LIBRARY_PATH": bundle,
        "QT_PLUGIN_PATH": f"{bundle}/PySide6/Qt/plugins",
        "QML2_IMPORT_PATH": f"{bundle}/PySide6/Qt/qml",
        "PATH": "/usr/bin",
    }
    _frozen.restore_child_environment(env)  # a source run: nothing changes
    assert env["LD_LIBRARY_PATH"] == bundle
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", bundle, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    _frozen.restore_child_environment(env)
    assert env == {"PATH": "/usr/bin"}
    env = {
        "LD_LIBRARY_PATH": f"{bundle}:/usr/local/lib",
        "LD_LIBRARY_PATH_ORIG": "/usr/local/lib",
        "QT_PLUGIN_PATH": f"{bundle}/PySide6/Qt/plugins:/home/me/qt-plugins",
    }
    _frozen.restore_child_environment(env)
    assert env == {"LD_LIBRARY_PATH": "/usr/local/lib", "QT_PLUGIN_PATH": "/home/me/qt-plugins"}
