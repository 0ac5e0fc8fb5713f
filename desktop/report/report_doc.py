"""What the verification report says, as plain frozen data (design §11).

The verification report is the opinion's companion: the means of verification, the
sampling, every finding with its rounds and closure evidence, the recalculation, the
misstatement evaluation and an annex of the documents reviewed with their SHA-256, bound to
the same engagement fingerprint. :func:`desktop.report_export.build_report` fills a
:class:`ReportDocument` from an engagement file; :func:`desktop.report.report_pdf.
render_report` turns it into PDF bytes. Nothing here reads files or databases.

Codes (check codes, roles, states) are kept as data so the renderer can look up their label
in the document's language; the renderer never prints a check code. Texts the verifier or the
client wrote are shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop.report.investment_doc import InvestmentReport
from desktop.report.opinion import (
    CHECK_STATUSES,
    FINDING_TYPES,
    LANGUAGES,
    CheckStatus,
    FindingType,
    Language,
    SignatureRow,
)
from desktop.report.planning_doc import PlanningReport

if TYPE_CHECKING:
    from desktop.rules.result import CheckResult


@dataclass(frozen=True)
class TeamRow:
    """One person on the engagement team (the independent reviewer included)."""

    name: str
    role: str
    """``lead``, ``verifier``, ``technical-expert``, ``reviewer`` … (translated when known)."""
    organisation: str = ""
    impartiality_declared_at: datetime | None = None
    """When they declared that they have no conflict of interest; ``None``: not declared."""


@dataclass(frozen=True)
class ChecklistUse:
    """One checklist used, with its progress."""

    title: str
    """The checklist's title in the document's language."""
    standard: str
    version: str
    answered: int
    total: int
    nonconformities: int = 0


@dataclass(frozen=True)
class CheckLine:
    """One computed check that applies to the engagement."""

    code: str
    """The check's code (``coverage.threshold``): used to find its label, never printed."""
    status: CheckStatus
    message: str
    """The engine's message in the document's language (printed when no label exists)."""


@dataclass(frozen=True)
class RoundRow:
    """One round of a finding: the client's response and the verifier's assessment."""

    n: int
    client_response: str | None
    responded_at: datetime | None
    assessment: str | None = None
    accepted: bool | None = None
    assessed_by: str | None = None
    assessed_at: datetime | None = None


@dataclass(frozen=True)
class EvidenceRef:
    """A piece of evidence linked to a finding's checklist item."""

    path: str
    sha256: str | None = None


@dataclass(frozen=True)
class FindingDetail:
    """A finding with its whole history."""

    number: str
    type: FindingType
    state: str
    title: str
    description: str = ""
    item: str = ""
    """The checklist item it concerns (checklist title and clause), or empty."""
    escalated_from: str | None = None
    raised_by: str = ""
    raised_at: datetime | None = None
    closed_at: datetime | None = None
    rounds: tuple[RoundRow, ...] = ()
    evidence: tuple[EvidenceRef, ...] = ()
    """Evidence linked to the checklist item the finding concerns (closure evidence)."""
    misstatements: tuple[str, ...] = ()
    """Misstatements recorded against this finding, already worded (``#1: … tCO2e``)."""


@dataclass(frozen=True)
class RecalcRow:
    """One line of the recalculation: what the client claimed against what we recomputed."""

    kind: str
    """``line`` (a calculation line), ``result`` (the emission reductions), ``footprint``
    (the reported footprint) or ``source`` (an inventory source: activity × factor)."""
    name: str
    """The line, source or parameter name as in the dossier (empty for ``result`` and
    ``footprint``, whose label the renderer supplies)."""
    claimed: float | None
    recomputed: float | None
    difference: float | None
    """claimed − recomputed."""
    difference_pct: float | None
    """The difference as a percentage of the claimed value (``None`` when claimed is 0)."""
    unit: str = ""
    formula: str = ""


@dataclass(frozen=True)
class Recalculation:
    """The recalculation as a small table, and the checks that produced it."""

    rows: tuple[RecalcRow, ...] = ()
    checks: tuple[CheckLine, ...] = ()
    """The applicable recalculation checks (their label, status and message)."""
    sources_checked: int | None = None
    """Inventory sources recomputed as activity × factor (``None``: not part of it)."""
    sources_omitted: int = 0
    """Disagreeing inventory sources left out of ``rows`` (the table lists the first ones)."""


@dataclass(frozen=True)
class MisstatementLine:
    """One misstatement the verifier recorded."""

    number: int
    description: str
    amount_tco2e: float
    """Signed (+ overstated, − understated); the aggregate uses absolute values."""
    source: str = ""
    finding: str = ""


@dataclass(frozen=True)
class MisstatementEvaluation:
    """The misstatements against the materiality threshold (``materiality.aggregate``)."""

    recorded: tuple[MisstatementLine, ...] = ()
    recalculation_tco2e: float | None = None
    """|claimed − recomputed ER| counted in the aggregate (verification)."""
    footprint_tco2e: float | None = None
    """|reported − recomputed footprint| counted in the aggregate (carbon-neutrality)."""
    evaluated: bool = True
    """``False`` when no aggregate applies (validation, nothing to aggregate)."""
    aggregate_tco2e: float | None = None
    aggregate_pct: float | None = None
    """The aggregate as a percentage of the reported total; ``None``: not weighed."""
    threshold_pct: float | None = None
    reported_total_tco2e: float | None = None
    material: bool | None = None
    message: str = ""
    """The engine's message in the document's language."""

    @property
    def threshold_tco2e(self) -> float | None:
        if self.threshold_pct is None or self.reported_total_tco2e is None:
            return None
        return abs(self.reported_total_tco2e) * self.threshold_pct / 100


@dataclass(frozen=True)
class SourceFileRow:
    """One file of the dossier as received."""

    path: str
    role: str
    """``manifest``, ``calculation``, ``table:monitoring``, ``evidence`` … (translated)."""
    size: int | None
    sha256: str


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence file stored in the engagement file."""

    path: str
    size: int | None
    media_type: str
    sha256: str


@dataclass(frozen=True)
class ReportDocument:
    """Everything the verification report shows. All fields are plain values."""

    lang: Language
    title: str
    title_zh: str
    subject_id: str
    engagement_type: str
    client: str
    verifier_body: str
    boundary: str
    period_start: date
    period_end: date
    criteria: tuple[str, ...]
    programme: str
    level_of_assurance: str
    materiality_pct: float | None
    team: tuple[TeamRow, ...]
    checklists: tuple[ChecklistUse, ...]
    checks: tuple[CheckLine, ...]
    """The computed checks that apply to the engagement (``n/a`` ones left out)."""
    checks_not_applicable: int
    populations: tuple[tuple[str, int], ...]
    """Records in the engagement file by table (``("monitoring", 37)``)."""
    sampling_plan: str | None
    """The recorded sampling plan and its results; ``None``: none recorded."""
    findings: tuple[FindingDetail, ...]
    recalculation: Recalculation
    misstatements: MisstatementEvaluation
    source_files: tuple[SourceFileRow, ...]
    evidence: tuple[EvidenceRow, ...]
    signatures: tuple[SignatureRow, ...]
    fingerprint: str
    draft: bool
    """``True`` (not signed) prints a DRAFT notice and watermark."""
    generated_at_utc: datetime
    notes: tuple[str, ...] = field(default_factory=tuple)
    investment: InvestmentReport | None = None
    """A validation's investment analysis (design §14); ``None``: none analysed."""
    exante_checks: tuple[CheckResult, ...] = ()
    """A validation's ``recalc.ex_ante`` and ``project.crediting_period`` results (design §14);
    empty: none ran on data."""
    planning: PlanningReport | None = None
    """Risk assessment and sample plans with their results (design §13); ``None``: none."""

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}, not {self.lang!r}")
        for f in self.findings:
            if f.type not in FINDING_TYPES:
                raise ValueError(f"finding {f.number}: type must be one of {FINDING_TYPES}")
        for c in (*self.checks, *self.recalculation.checks):
            if c.status not in CHECK_STATUSES:
                raise ValueError(f"check {c.code}: status must be one of {CHECK_STATUSES}")
        for name in ("criteria", "team", "checklists", "checks", "populations", "findings",
                     "source_files", "evidence", "signatures", "notes"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))


__all__ = [
    "CheckLine",
    "ChecklistUse",
    "EvidenceRef",
    "EvidenceRow",
    "FindingDetail",
    "MisstatementEvaluation",
    "MisstatementLine",
    "RecalcRow",
    "Recalculation",
    "ReportDocument",
    "RoundRow",
    "SignatureRow",
    "SourceFileRow",
    "TeamRow",
]
