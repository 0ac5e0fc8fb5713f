"""The suggested opinion."""

from __future__ import annotations

import pytest

from desktop.rules import suggest_opinion


@pytest.mark.parametrize(
    ("kwargs", "kind"),
    [
        ({"open_car": 0, "open_cl": 0, "misstatement_material": False}, "unmodified"),
        ({"open_car": 1, "open_cl": 0, "misstatement_material": False}, "modified"),
        ({"open_car": 0, "open_cl": 2, "misstatement_material": False}, "modified"),
        ({"open_car": 0, "open_cl": 0, "misstatement_material": True}, "modified"),
        (
            {"open_car": 0, "open_cl": 0, "misstatement_material": True, "pervasive": True},
            "adverse",
        ),
        (
            {"open_car": 0, "open_cl": 0, "misstatement_material": False, "pervasive": True},
            "unmodified",
        ),
        (
            {"open_car": 3, "open_cl": 0, "misstatement_material": True, "pervasive": True},
            "adverse",
        ),
        (
            {
                "open_car": 0,
                "open_cl": 0,
                "misstatement_material": True,
                "pervasive": True,
                "evidence_sufficient": False,
            },
            "disclaimer",
        ),
    ],
)
def test_kinds(kwargs: dict, kind: str) -> None:
    opinion = suggest_opinion(**kwargs)
    assert opinion.kind == kind
    assert opinion.reasons and len(opinion.reasons) == len(opinion.reasons_zh)


def test_reasons_name_the_open_findings() -> None:
    o = suggest_opinion(open_car=1, open_cl=2, misstatement_material=True)
    assert o.kind == "modified"
    assert len(o.reasons) == 2
    assert "1 CAR, 2 CL" in o.reasons[1]
    assert "CAR 1 項" in o.reasons_zh[1]


def test_keyword_only_and_no_negative_counts() -> None:
    with pytest.raises(TypeError):
        suggest_opinion(0, 0, False)  # type: ignore[misc]
    with pytest.raises(ValueError):
        suggest_opinion(open_car=-1, open_cl=0, misstatement_material=False)
