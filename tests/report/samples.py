"""Hand-made opinion documents for the report tests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from desktop.report.opinion import (
    CheckRow,
    CoverageChartData,
    CoverageSource,
    FindingRow,
    MisstatementRow,
    OpinionDocument,
    SignatureRow,
)

FINGERPRINT = "3f7a9c0d12e45b6877a1c2d3e4f5061728394a5b6c7d8e9f00112233445566aa"
SUBJECT_ID = "A0000070"
TITLE_ZH = "碳中和線材第一批"

LONG_ZH = (
    "查證團隊於二〇二五年三月十日至十二日赴高雄廠進行現場查核，訪談能源管理人員與製程工程師，"
    "抽樣檢視電力帳單、天然氣購買憑證、柴油加油紀錄及廢棄物清運聯單，並以活動數據乘以排放係數"
    "重新計算各排放源之排放量；對於範疇三之上游運輸排放，亦比對運輸業者提供之里程與載重資料，"
    "確認其計算方法與 ISO 14068-1:2023 及 PAS 2060:2014 之要求一致，且所引用之排放係數"
    "（環境部公告 2023 年版電力排碳係數 0.494 kgCO2e/kWh）為最新版本。"
)


def _sources() -> tuple[CoverageSource, ...]:
    return (
        CoverageSource("S1", 812.4, True),
        CoverageSource("S2", 160.2, True),
        CoverageSource("S3", 96.0, True),
        CoverageSource("S4", 61.5, True),
        CoverageSource("S5", 38.9, True),
        CoverageSource("S6", 24.1, True),
        CoverageSource("S7", 18.0, False),
        CoverageSource("S8", 9.8, True),
        CoverageSource("S9", 7.6, False),
        CoverageSource("S10", 4.0, True),
    )


def neutrality_doc(lang: str = "en", *, draft: bool = False,
                   attestation: str | None = "third-party", **changes) -> OpinionDocument:
    zh = lang == "zh-TW"
    doc = OpinionDocument(
        lang=lang,
        title="Carbon-neutral wire rod, batch 1",
        title_zh=TITLE_ZH,
        subject_id=SUBJECT_ID,
        engagement_type="carbon-neutrality",
        verifier_body="Formosa Verification Services Ltd. 台灣查證服務股份有限公司",
        client="Example Steel Corp. 範例鋼鐵股份有限公司",
        intended_users=("Example Steel Corp.", "customers"),
        boundary="cradle-to-gate, Kaohsiung plant (rolling mill line 2)",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        criteria=("PAS 2060:2014", "ISO 14068-1:2023", "ISO 14064-3:2019"),
        level_of_assurance="reasonable",
        materiality_pct=5.0,
        materiality_basis="programme default" if not zh else "方案預設值",
        summary_of_work=(
            (LONG_ZH,) if zh else (
                "We planned and performed the verification to obtain reasonable assurance "
                "about the footprint and the credits retired for the claim. We visited the "
                "Kaohsiung plant on 10-12 March 2025, interviewed the energy manager and "
                "process engineers, sampled invoices and meter readings, and recalculated "
                "every source as activity × emission factor.",
                "We checked each retired serial block against the Taiwan MOENV registry "
                "(TW-2-1-030172798-030173019-00-00-A0000070 and "
                "TW-2-1-030180001-030180055-00-00-A0000070): 277 credits retired for "
                "Example Steel Corp. 範例鋼鐵股份有限公司.",
            )
        ),
        findings=(
            FindingRow("CL-01", "CL", "closed",
                       "Emission factor of purchased electricity: the 2023 grid factor "
                       "was used; clarified by the client." if not zh else
                       "外購電力排放係數：客戶說明採用 2023 年電力排碳係數，已澄清。",
                       "PAS 2060 §5.2"),
            FindingRow("CAR-01", "CAR", "closed",
                       "Diesel for forklifts was omitted from scope 1; added (18.0 tCO2e)."
                       if not zh else "堆高機柴油未納入範疇一，已補列（18.0 tCO2e）。",
                       "ISO 14068-1 §9.2"),
            FindingRow("FAR-01", "FAR", "open",
                       "Meter calibration certificates to be provided at the next "
                       "verification." if not zh else "下次查證時提供電錶校正證書。",
                       "ISO 14064-3 §6.1.3"),
        ),
        misstatements=(
            MisstatementRow("Recalculation of S2 (natural gas) differs from the claim"
                            if not zh else "S2（天然氣）重新計算與宣告值之差異", 6.4, "S2"),
            MisstatementRow("Transport distance understated" if not zh else "運輸里程低估",
                            -2.1, "S5"),
        ),
        aggregate_misstatement_tco2e=8.5,
        aggregate_misstatement_pct=0.69,
        opinion_kind="unmodified",
        opinion_basis=(
            "All CL and CAR were closed before the opinion; the aggregate misstatement "
            "(8.50 tCO2e, 0.69 %) is below the 5 % materiality threshold."
            if not zh else
            "所有 CL 與 CAR 均已於出具意見前結案；累計不實陳述 8.50 tCO2e（0.69 %）低於 5 % "
            "重大性門檻。"
        ),
        opinion_overridden_reason=None,
        attestation=attestation,
        declaration="achievement",
        checks=(
            CheckRow("coverage.threshold", "pass",
                     "S1 is 65.4 % of the total: the remaining sources are 96.9 % covered"),
            CheckRow("coverage.scope12", "pass", "every scope 1 and 2 source is included"),
            CheckRow("inventory.recalc", "warn",
                     "2 sources disagree with activity × ef by more than 0.5 %: S2, S5"),
            CheckRow("credits.sufficiency", "pass", "277 retired ≥ 1,242.30 required"),
            CheckRow("credits.vintage", "fail", "oldest vintage 2017 is older than 2019"),
            CheckRow("scale.class", "n/a", "not a project"),
        ),
        coverage=CoverageChartData(_sources(), largest_source="S1", basis="remainder",
                                   coverage_pct=93.5),
        signatures=() if draft else (
            SignatureRow("Lin Mei-Hua 林美華", "lead", "approved opinion",
                         datetime(2025, 3, 20, 8, 15, 2, tzinfo=UTC),
                         "CN=Lin Mei-Hua, O=Formosa Verification Services Ltd.",
                         "9b1e4c7d2a3f5e6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"),
            SignatureRow("Chen Wei 陳偉", "reviewer", "reviewed",
                         datetime(2025, 3, 21, 1, 2, 3, tzinfo=UTC)),
        ),
        fingerprint=FINGERPRINT,
        draft=draft,
        generated_at_utc=datetime(2025, 3, 21, 2, 0, 0, tzinfo=UTC),
        reported_total_tco2e=1234.5,
    )
    return dataclasses.replace(doc, **changes) if changes else doc


def verification_doc(lang: str = "en", *, draft: bool = False, **changes) -> OpinionDocument:
    doc = neutrality_doc(
        lang,
        draft=draft,
        attestation=None,
        engagement_type="verification",
        title="Kaohsiung rooftop solar PV, monitoring period 3",
        title_zh="高雄屋頂太陽光電第三期監測",
        criteria=("ISO 14064-3:2019", "TW-MOENV voluntary reduction rules", "AMS-I.D"),
        declaration=None,
        coverage=None,
        level_of_assurance="limited",
        opinion_kind="modified",
        opinion_overridden_reason=(
            "The remaining misstatement concerns one inverter only; the reviewer agreed it "
            "is not pervasive." if lang == "en"
            else "剩餘不實陳述僅涉及一台逆變器，經審查員同意不具廣泛性。"
        ),
        reported_total_tco2e=40210.0,
        aggregate_misstatement_tco2e=2410.0,
        aggregate_misstatement_pct=5.99,
    )
    return dataclasses.replace(doc, **changes) if changes else doc
