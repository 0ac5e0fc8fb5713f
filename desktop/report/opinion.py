"""What an opinion document says, as plain frozen data.

The engagement facade fills an :class:`OpinionDocument` from the engagement file (subject,
checks, findings, misstatements, sign-offs, fingerprint); :func:`desktop.report.pdf.
render_opinion` turns it into PDF bytes. Nothing here reads files or databases, so the PDF
can be tested with hand-made documents.

Numbers are given as the engine computed them (floats, percentages 0–100); the renderer
formats them. Texts that the verifier wrote (findings, basis, summary of work) are shown as
they were written, in whatever language; only the document's own labels follow ``lang``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Language = Literal["en", "zh-TW"]
OpinionKind = Literal["unmodified", "modified", "adverse", "disclaimer"]
Attestation = Literal["self", "second-party", "third-party"]
FindingType = Literal["CL", "CAR", "FAR"]
CheckStatus = Literal["pass", "fail", "warn", "n/a"]

LANGUAGES: tuple[str, ...] = ("en", "zh-TW")
OPINION_KINDS: tuple[str, ...] = ("unmodified", "modified", "adverse", "disclaimer")
ATTESTATIONS: tuple[str, ...] = ("self", "second-party", "third-party")
FINDING_TYPES: tuple[str, ...] = ("CL", "CAR", "FAR")
CHECK_STATUSES: tuple[str, ...] = ("pass", "fail", "warn", "n/a")


@dataclass(frozen=True)
class FindingRow:
    """One finding as listed in the opinion."""

    ref: str
    """The finding's number, e.g. ``"CAR-01"``."""
    type: FindingType
    """``CL`` clarification, ``CAR`` corrective action, ``FAR`` forward action."""
    state: str
    """Life-cycle state as recorded (``open``, ``responded``, ``closed`` …), shown verbatim
    except for the known states, which are translated."""
    title: str
    """Short description written by the verifier."""
    item_ref: str = ""
    """The checklist item or record it concerns, e.g. ``"PAS 2060 §9.1.2"``; may be empty."""


@dataclass(frozen=True)
class MisstatementRow:
    """One misstatement the verifier recorded or a recalculation found."""

    description: str
    amount_tco2e: float
    """Signed amount in tCO2e (the aggregate uses absolute values)."""
    source: str = ""
    """The source, parameter or calculation line concerned (``"S7"``, ``"recalc.result"``)."""


@dataclass(frozen=True)
class CheckRow:
    """One computed check (§5 of the design), as in ``veridesk check --json``."""

    code: str
    """E.g. ``"coverage.threshold"``."""
    status: CheckStatus
    message: str
    """The engine's message for this check (already in the document's language)."""


@dataclass(frozen=True)
class CoverageSource:
    """One bar of the coverage Pareto chart."""

    source_id: str
    tco2e: float
    included: bool


@dataclass(frozen=True)
class CoverageChartData:
    """Data for the PAS 2060 coverage Pareto chart (carbon-neutrality claims only).

    The renderer sorts the sources by descending emissions, draws the cumulative share of
    the total, the 95 % line and marks ``largest_source`` when it is above 50 % of the total.
    """

    sources: tuple[CoverageSource, ...]
    largest_source: str | None = None
    """The source above 50 % of the total, if any (``coverage.threshold``'s ``largest_source``
    when its ``largest_share_pct`` > 50); ``None`` otherwise."""
    basis: Literal["all", "remainder"] = "all"
    """``remainder`` when the 95 % applies to the sources other than the largest one."""
    coverage_pct: float | None = None
    """The coverage on that basis (``basis_coverage_pct``), shown in the caption."""


@dataclass(frozen=True)
class SignatureRow:
    """One electronic signature: printed name, role, meaning and UTC time."""

    printed_name: str
    role: str
    """``lead``, ``reviewer`` … (known roles are translated) or free text."""
    meaning: str
    """What the signature means, e.g. ``"approved opinion"``, ``"reviewed"``."""
    signed_at_utc: datetime
    """A timezone-aware UTC time (naive values are taken as UTC)."""
    certificate_subject: str | None = None
    """Subject of the signer's certificate when the sign-off used a PKCS#12 identity."""
    certificate_sha256: str | None = None
    """SHA-256 of that certificate (DER), hex."""


@dataclass(frozen=True)
class StatementRow:
    """One line of the GHG statement verified: a label and its figures in tCO2e."""

    label: str
    value_tco2e: float | None
    excluded_tco2e: float | None = None
    """Carbon-neutrality footprints: the excluded emissions beside the included ones."""
    strong: bool = False
    """A total line."""


@dataclass(frozen=True)
class CreditRow:
    """One retired block of carbon credits, as the claim lists it."""

    registry: str
    serial: str
    quantity: float
    vintage: str
    beneficiary: str
    retired_on: str
    registry_status: str = ""  # what the registry export says (blank: no export)


@dataclass(frozen=True)
class OpinionDocument:
    """Everything the PDF opinion shows. All fields are plain values."""

    lang: Language
    """Language of the labels: ``"en"`` or ``"zh-TW"`` (Traditional Chinese, Taiwan usage)."""
    title: str
    """The subject's title in English (``[subject] title``)."""
    title_zh: str
    """The subject's title in Chinese (``[subject] title_zh``); may be empty."""
    subject_id: str
    """The subject's identifier, e.g. a project number ``"A0000070"``."""
    engagement_type: str
    """``validation``, ``verification`` or ``carbon-neutrality``."""
    verifier_body: str
    """The verification body issuing the opinion."""
    client: str
    """The responsible party (the client)."""
    intended_users: tuple[str, ...]
    boundary: str
    """Organisational / product boundary as stated in the dossier."""
    period_start: date
    period_end: date
    criteria: tuple[str, ...]
    """Standards and programme rules applied (``"PAS 2060:2014"`` …)."""
    level_of_assurance: str
    """``reasonable`` or ``limited`` (translated), or free text."""
    materiality_pct: float
    """Quantitative materiality threshold, percent of the reported total."""
    materiality_basis: str
    """Why that threshold (programme default, manifest override …)."""
    summary_of_work: tuple[str, ...]
    """Paragraphs describing the work performed (site visit, sampling, recalculation …)."""
    findings: tuple[FindingRow, ...]
    misstatements: tuple[MisstatementRow, ...]
    aggregate_misstatement_tco2e: float
    """Sum of absolute misstatements (``materiality.aggregate``)."""
    aggregate_misstatement_pct: float | None  # None: no reported total to weigh against
    """That sum as a percentage of the reported total."""
    opinion_kind: OpinionKind
    opinion_basis: str
    """The verifier's basis for the opinion (free text)."""
    opinion_overridden_reason: str | None
    """When the verifier overrode the suggested opinion: the recorded justification."""
    attestation: Attestation | None
    """Carbon-neutrality declarations: who attests (``self`` → a SELF-VALIDATED notice)."""
    declaration: str | None
    """Carbon-neutrality: ``commitment`` or ``achievement``; ``None`` for other types."""
    checks: tuple[CheckRow, ...]
    coverage: CoverageChartData | None
    """Coverage chart data (carbon-neutrality); ``None`` leaves the chart out."""
    signatures: tuple[SignatureRow, ...]
    fingerprint: str
    """The engagement fingerprint (SHA-256 hex) the signatures are bound to."""
    draft: bool
    """``True`` prints a DRAFT / 草稿 watermark on every page."""
    generated_at_utc: datetime
    """When the PDF was generated (UTC)."""
    reported_total_tco2e: float | None = None
    """The reported total the materiality applies to (footprint or claimed reductions)."""
    statement: tuple[StatementRow, ...] = ()
    """The GHG statement verified, with its figures (footprint by scope, reductions by
    year, or the ex-ante estimate of a design)."""
    credits: tuple[CreditRow, ...] = ()
    """Carbon credits retired for a carbon-neutrality claim."""
    opinion_recorded: bool = True
    """``False``: no opinion was recorded; the document states none."""
    body_address: str = ""
    """The issuing body's address."""
    body_accreditation: str = ""
    """The body's accreditation (accreditation body, number, standard)."""
    issued_at: str = ""
    """Date and place of issue ("2025-04-02, Taipei"); empty for a draft."""
    team: tuple[tuple[str, str], ...] = ()
    """The verification team and the independent reviewer: (name, role) pairs."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Optional closing remarks (limitations, restrictions on use)."""

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {LANGUAGES}, not {self.lang!r}")
        if self.opinion_kind not in OPINION_KINDS:
            raise ValueError(f"opinion_kind must be one of {OPINION_KINDS}")
        if self.attestation is not None and self.attestation not in ATTESTATIONS:
            raise ValueError(f"attestation must be one of {ATTESTATIONS} or None")
        for f in self.findings:
            if f.type not in FINDING_TYPES:
                raise ValueError(f"finding {f.ref}: type must be one of {FINDING_TYPES}")
        for c in self.checks:
            if c.status not in CHECK_STATUSES:
                raise ValueError(f"check {c.code}: status must be one of {CHECK_STATUSES}")
        # Lists given by callers are frozen into tuples so the document stays immutable.
        for name in ("intended_users", "criteria", "summary_of_work", "findings",
                     "misstatements", "checks", "signatures", "notes", "statement", "credits",
                     "team"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if self.coverage is not None and not isinstance(self.coverage.sources, tuple):
            object.__setattr__(
                self.coverage, "sources", tuple(self.coverage.sources)
            )

    @property
    def self_validated(self) -> bool:
        """A self-validated declaration (PAS 2060): the PDF says so prominently."""
        return self.attestation == "self"
