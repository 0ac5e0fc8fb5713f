"""The verification body's profile: name, address, accreditation and place of issue.

Kept per user in ``<data dir>/body.toml`` (``veridesk body set``, Preferences in the
window). When the lead verifier signs, the profile is copied into the signature, so an
opinion always names the body as it stood when it was signed.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

FILE = "body.toml"


@dataclass(frozen=True)
class Body:
    """What an opinion says about the body that issues it."""

    name: str = ""
    address: str = ""
    accreditation: str = ""  # e.g. "TAF accredited verification body, No. V012 (ISO 14065)"
    place: str = ""  # where opinions are signed, e.g. "Taipei"

    @property
    def empty(self) -> bool:
        return not any(asdict(self).values())

    def as_json(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: object) -> Body:
        if not isinstance(data, dict):
            return cls()
        names = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in names and v is not None})


def profile_path() -> Path:
    from desktop import paths

    return paths.user_data_dir() / FILE


def load_profile() -> Body:
    """This user's profile (an empty one when none was set or the file is unreadable)."""
    path = profile_path()
    try:
        return Body.from_json(tomllib.loads(path.read_text(encoding="utf-8")).get("body"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Body()


def save_profile(body: Body) -> Path:
    """Write the profile (TOML, strings escaped as JSON strings, which TOML accepts)."""
    import json

    from desktop.partials import write_atomically

    path = profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["[body]"] + [f"{k} = {json.dumps(v, ensure_ascii=False)}"
                          for k, v in body.as_json().items()]
    write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path
