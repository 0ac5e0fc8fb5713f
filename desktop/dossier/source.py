"""Open a dossier given as a folder or a ``.zip``, safely.

A zip is unpacked into a private temporary folder after every entry is checked: no
absolute paths, no ``..``, no links, a cap on the number of entries, on the unpacked size
and on each entry's compression ratio (zip bombs). Sizes are enforced while unpacking,
not trusted from the zip's directory.
"""

from __future__ import annotations

import contextlib
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from desktop.errors import InputError, MessageError, Problem

MAX_ENTRIES = 20_000
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_RATIO = 200.0
RATIO_MIN_BYTES = 1024 * 1024  # small entries may compress well; only big ones are judged
_CHUNK = 1 << 20


@contextlib.contextmanager
def open_dossier(path: str | Path) -> Iterator[Path]:
    """Yield the dossier's root folder (the one holding ``dossier.toml``)."""
    p = Path(path)
    if not p.exists():
        raise MessageError("path.not_found", path=str(p))
    if p.is_dir():
        if not (p / "dossier.toml").is_file():
            raise InputError(Problem("manifest.missing", file=str(p)))
        yield p
        return
    if not zipfile.is_zipfile(p):
        raise MessageError("path.not_dossier", path=str(p))
    tmp = Path(tempfile.mkdtemp(prefix="veridesk-dossier-"))
    try:
        extract_zip(p, tmp)
        yield find_root(tmp, p.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def find_root(folder: Path, label: str) -> Path:
    """The folder itself, or its single top folder, whichever holds ``dossier.toml``."""
    if (folder / "dossier.toml").is_file():
        return folder
    children = [c for c in folder.iterdir() if not c.name.startswith((".", "__MACOSX"))]
    if len(children) == 1 and children[0].is_dir() and (children[0] / "dossier.toml").is_file():
        return children[0]
    raise InputError(Problem("zip.no_manifest", file=label))


def _safe_name(name: str) -> PurePosixPath | None:
    """The entry's relative path, or None when it could escape the target folder."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = PurePosixPath(name).parts
    if any(part == ".." for part in parts):
        return None
    return PurePosixPath(*[p for p in parts if p not in ("", ".")]) if parts else None


def extract_zip(zip_path: Path, target: Path) -> None:
    """Unpack ``zip_path`` into ``target`` or raise before writing anything unsafe."""
    label = zip_path.name
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(Problem("zip.bad", file=label, params={"error": exc})) from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise InputError(Problem("zip.too_many", file=label, params={"limit": MAX_ENTRIES}))
        plan: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
        declared = 0
        for info in infos:
            rel = _safe_name(info.filename)
            if rel is None:
                raise InputError(Problem("zip.unsafe", file=label, params={"entry": info.filename}))
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise InputError(Problem("zip.link", file=label, params={"entry": info.filename}))
            declared += info.file_size
            if declared > MAX_TOTAL_BYTES:
                raise InputError(
                    Problem("zip.too_big", file=label, params={"limit": MAX_TOTAL_BYTES >> 20})
                )
            _check_ratio(label, info.filename, info.file_size, info.compress_size)
            plan.append((info, rel))
        written = 0
        root = target.resolve()
        for info, rel in plan:
            dest = (target / rel).resolve()
            if root != dest and root not in dest.parents:
                raise InputError(Problem("zip.unsafe", file=label, params={"entry": info.filename}))
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            entry_bytes = 0
            try:
                with zf.open(info) as src, open(dest, "wb") as out:
                    while chunk := src.read(_CHUNK):
                        entry_bytes += len(chunk)
                        written += len(chunk)
                        if written > MAX_TOTAL_BYTES or entry_bytes > info.file_size:
                            raise InputError(
                                Problem(
                                    "zip.too_big",
                                    file=label,
                                    params={"limit": MAX_TOTAL_BYTES >> 20},
                                )
                            )
                        _check_ratio(label, info.filename, entry_bytes, info.compress_size)
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise InputError(Problem("zip.bad", file=label, params={"error": exc})) from exc


def _check_ratio(label: str, entry: str, size: int, compressed: int) -> None:
    if size < RATIO_MIN_BYTES:
        return
    ratio = size / max(compressed, 1)
    if ratio > MAX_RATIO:
        raise InputError(Problem("zip.ratio", file=label, params={"entry": entry, "ratio": ratio}))
