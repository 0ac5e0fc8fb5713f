"""Open a dossier given as a folder or a ``.zip``, safely.

A zip is unpacked into a private temporary folder after every entry is checked: no
absolute paths, no ``..``, no links, a cap on the number of entries, on the unpacked size
and on each entry's compression ratio (zip bombs). Sizes are enforced while unpacking,
not trusted from the zip's directory.
"""

from __future__ import annotations

import contextlib
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from desktop.errors import InputError, MessageError, Problem
from desktop.scratch import scratch_dir

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
    with scratch_dir("dossier") as tmp:
        extract_zip(p, tmp)
        yield find_root(tmp, p.name)


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
        plan = _plan(label, infos)
        compressed = sum(info.compress_size for info, _rel in plan)
        written = 0
        root = target.resolve()
        for info, rel in plan:
            dest = (target / rel).resolve()
            if root != dest and root not in dest.parents:
                raise InputError(Problem("zip.unsafe", file=label, params={"entry": info.filename}))
            entry_bytes = 0
            try:
                if info.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(dest, "xb") as out:
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
                        _check_ratio(label, None, written, compressed)
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError,
                    RuntimeError, ValueError) as exc:
                raise InputError(Problem("zip.bad", file=label, params={"error": exc})) from exc


_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
MAX_NAME_BYTES = 255  # a file or folder name, on every common file system


def _plan(label: str, infos: list[zipfile.ZipInfo]) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Every entry checked before anything is written: path, kind, method, name, size."""

    def refuse(key: str, **params: object) -> InputError:
        return InputError(Problem(key, file=label, params=params))

    plan: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    declared = compressed = 0
    files: dict[str, str] = {}  # case-folded path -> entry, for files
    folders: dict[str, str] = {}  # case-folded path -> entry, for folders (stated or implied)
    for info in infos:
        entry = info.filename
        rel = _safe_name(entry)
        if rel is None:
            raise refuse("zip.unsafe", entry=entry)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise refuse("zip.link", entry=entry)
        if info.flag_bits & 0x1:
            raise refuse("zip.encrypted", entry=entry)
        if info.compress_type not in _METHODS:
            raise refuse("zip.method", entry=entry, method=info.compress_type)
        if any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in rel.parts):
            raise refuse("zip.name_too_long", entry=entry, limit=MAX_NAME_BYTES)
        if not rel.parts:
            continue
        key = rel.as_posix().casefold()
        parents = [p.as_posix().casefold() for p in list(rel.parents)[:-1]]
        if info.is_dir():
            if key in files:
                raise refuse("zip.clash", entry=entry, other=files[key])
            folders.setdefault(key, entry)
        else:
            if key in files:
                raise refuse("zip.duplicate", entry=entry)
            if key in folders:
                raise refuse("zip.clash", entry=entry, other=folders[key])
            files[key] = entry
        for parent in parents:
            if parent in files:
                raise refuse("zip.clash", entry=entry, other=files[parent])
            folders.setdefault(parent, entry)
        declared += info.file_size
        compressed += info.compress_size
        if declared > MAX_TOTAL_BYTES:
            raise refuse("zip.too_big", limit=MAX_TOTAL_BYTES >> 20)
        _check_ratio(label, entry, info.file_size, info.compress_size)
        plan.append((info, rel))
    # Many entries each just under the per-entry floor add up: judge the whole archive too.
    _check_ratio(label, None, declared, compressed)
    return plan


def _check_ratio(label: str, entry: str | None, size: int, compressed: int) -> None:
    """Refuse an entry (or, with ``entry`` None, the whole archive) that inflates too much."""
    if size < RATIO_MIN_BYTES:
        return
    ratio = size / max(compressed, 1)
    if ratio > MAX_RATIO:
        if entry is None:
            raise InputError(Problem("zip.ratio_total", file=label, params={"ratio": ratio}))
        raise InputError(Problem("zip.ratio", file=label, params={"entry": entry, "ratio": ratio}))
