"""Labels of the verification report in English and Traditional Chinese (Taiwan usage).

The report's own words; anything it shares with the opinion (roles, finding types and
states, check statuses, levels of assurance, signature fields) comes from
:mod:`desktop.report.labels`, so both documents say the same thing the same way. Chinese
labels contain no English words: codes such as CL, CAR, tCO2e, SHA-256 and UTC are kept.
"""

from __future__ import annotations

from desktop.report.labels import LABELS as OPINION_LABELS

# key -> (English, Traditional Chinese)
REPORT_LABELS: dict[str, tuple[str, str]] = {
    # document titles by engagement type
    "rdoc.validation": ("Validation Report", "確證報告書"),
    "rdoc.verification": ("Verification Report", "查證報告書"),
    "rdoc.carbon-neutrality": (
        "Carbon-Neutrality Declaration: Verification Report",
        "碳中和宣告查證報告書",
    ),
    "rdoc.other": ("Verification Report", "查證報告書"),
    "r.companion": (
        "Companion to the opinion on the same engagement: an opinion and a report that carry "
        "the same fingerprint (at the end of this report) describe the same record.",
        "本報告書為同一案件查證意見書之附隨文件；載有相同案件指紋（見本報告書末）之意見書與"
        "報告書，係就同一紀錄出具。",
    ),
    "r.programme": ("Programme", "適用計畫"),
    "r.materiality_pct": ("{pct} % of the reported total", "報告總量之 {pct} %"),
    "r.materiality_t": (
        "{pct} % of the reported total {total} tCO2e = {threshold} tCO2e",
        "報告總量 {total} tCO2e 之 {pct} % = {threshold} tCO2e",
    ),
    # sections
    "r.team": ("Verification team", "查證團隊"),
    "r.means.validation": ("Means of validation", "確證方法"),
    "r.means": ("Means of verification", "查證方法"),
    "r.means_text": (
        "The work followed the checklists below; each computed check was recomputed by "
        "VeriDesk from the client's data. The documents reviewed and their SHA-256 are "
        "listed in the annex.",
        "查證工作依下列查核表執行；各項計算檢核皆由 VeriDesk 依委託者資料重新計算。"
        "所審閱之文件及其 SHA-256 列於附錄。",
    ),
    "r.checklists": ("Checklists used", "使用之查核表"),
    "r.no_checklists": ("No checklist applies to this engagement.", "本案件無適用之查核表。"),
    "r.checks": ("Computed checks", "計算檢核"),
    "r.no_checks": ("No computed check applies to this engagement.",
                    "本案件無適用之計算檢核。"),
    "r.checks_na": (
        "Checks that do not apply to this type of engagement: {n}.",
        "另有 {n} 項檢核不適用於此類案件。",
    ),
    "r.sampling": ("Sampling plan and results", "抽樣計畫與結果"),
    "r.no_sampling": ("No sampling plan recorded in this engagement.", "本案件未記錄抽樣計畫。"),
    "r.populations": ("Records in the engagement file: {list}.", "案件檔所含紀錄：{list}。"),
    "r.findings": ("Findings and their resolution", "發現事項及其處理"),
    "r.no_findings": ("No findings were raised.", "未提出發現事項。"),
    "r.findings_count": (
        "Findings raised: {n} ({cl} CL, {car} CAR, {far} FAR); not closed: {open}.",
        "共 {n} 項發現事項：CL {cl} 項、CAR {car} 項、FAR {far} 項；尚未結案 {open} 項。",
    ),
    "r.recalc": ("Recalculation", "重新計算"),
    "r.no_recalc": ("No recalculation applies to this engagement.",
                    "本案件無適用之重新計算。"),
    "r.misstatements": ("Misstatement evaluation", "不實陳述評估"),
    "r.no_misstatements": ("No misstatements were recorded.", "未記錄不實陳述。"),
    "r.not_evaluated": ("No aggregate misstatement is evaluated for this engagement.",
                        "本案件不評估累計不實陳述。"),
    "r.signatures": ("Electronic signatures", "電子簽署"),
    "r.no_signatures": ("Not signed.", "尚未簽署。"),
    "r.fingerprint_text": (
        "SHA-256 over the dossier data, evidence hashes, checklist responses, findings and "
        "misstatements. The opinion carries the same fingerprint; `veridesk verify` "
        "recomputes it from the engagement file.",
        "就案件資料、佐證雜湊值、查核表回應、發現事項及不實陳述計算之 SHA-256；"
        "查證意見書載有相同指紋，可以 `veridesk verify` 由案件檔重新計算比對。",
    ),
    "r.annex": ("Annex: documents reviewed", "附錄：審閱文件"),
    "r.annex_text": (
        "Every file received with the dossier and every piece of evidence stored in the "
        "engagement file, with its size in bytes and its SHA-256.",
        "隨案卷收受之各檔案及案件檔所存之各佐證檔案，附其大小（位元組）及 SHA-256。",
    ),
    "r.annex_files": ("Files received with the dossier", "案卷收受檔案"),
    "r.annex_evidence": ("Evidence stored in the engagement file", "案件檔所存佐證"),
    "r.none": ("None.", "無。"),
    # team
    "r.col.name": ("Name", "姓名"),
    "r.col.role": ("Role", "角色"),
    "r.col.org": ("Organisation", "所屬機構"),
    "r.col.impartiality": ("Impartiality declared", "公正性聲明"),
    "r.not_declared": ("not declared", "未聲明"),
    "r.no_team": ("No team recorded.", "未記錄查證團隊。"),
    # checklists
    "r.col.checklist": ("Checklist", "查核表"),
    "r.col.standard": ("Standard", "標準"),
    "r.col.answered": ("Answered", "已回答"),
    "r.col.items": ("Items", "適用項目"),
    "r.col.nc": ("Nonconformities", "不符合"),
    "r.version": ("version {version}", "版本 {version}"),
    # checks
    "r.col.check": ("Check", "檢核項目"),
    "r.col.result": ("Result", "結果"),
    "r.col.details": ("Details", "說明"),
    # findings
    "r.raised": ("Raised by {by} on {at}", "由 {by} 於 {at} 提出"),
    "r.closed_at": ("closed on {at}", "於 {at} 結案"),
    "r.escalated_from": ("escalated from {number}", "由 {number} 升級"),
    "r.item": ("Item", "查核項目"),
    "r.description": ("Description", "說明"),
    "r.col.round": ("Round", "回合"),
    "r.col.response": ("Client response", "委託者回覆"),
    "r.col.assessment": ("Verifier's assessment", "查證人員評估"),
    "r.col.outcome": ("Outcome", "結果"),
    "r.accepted": ("accepted", "接受"),
    "r.not_accepted": ("not accepted", "不接受"),
    "r.pending": ("awaiting assessment", "待評估"),
    "r.no_response": ("no response yet", "尚未回覆"),
    "r.no_rounds": ("No response from the client yet.", "委託者尚未回覆。"),
    "r.by_at": ("{by}, {at}", "{by}，{at}"),
    "r.closure_evidence": ("Closure evidence", "結案佐證"),
    "r.no_evidence": ("no evidence linked to the item", "查核項目未連結佐證"),
    "r.linked_misstatements": ("Misstatements recorded", "已記錄之不實陳述"),
    # recalculation
    "r.col.line": ("Line", "項目"),
    "r.col.claimed": ("Claimed", "宣告值"),
    "r.col.recomputed": ("Recomputed", "重新計算值"),
    "r.col.difference": ("Difference", "差異"),
    "r.col.pct": ("%", "%"),
    "r.recalc.result": ("Emission reductions", "減量"),
    "r.recalc.footprint": ("Reported footprint of the included sources, tCO2e",
                           "宣告碳足跡（納入排放源，tCO2e）"),
    "r.recalc.source": ("{name}: activity × emission factor", "{name}：活動數據 × 排放係數"),
    "r.recalc_note": (
        "Difference = claimed − recomputed; % of the claimed value. Units as in the dossier.",
        "差異＝宣告值－重新計算值；百分比係以宣告值為分母。單位依案卷所載。",
    ),
    "r.sources_checked": (
        "{n} inventory sources recomputed as activity × emission factor; those that disagree "
        "are listed.",
        "共 {n} 筆排放源以活動數據 × 排放係數重新計算，列出不一致者。",
    ),
    "r.sources_omitted": (
        "Further disagreeing sources not listed here: {n} (see the check below).",
        "另有 {n} 筆不一致之排放源未列於此（見下方檢核）。",
    ),
    # misstatements
    "r.col.misstatement": ("Misstatement", "不實陳述"),
    "r.col.source": ("Source", "排放源／項目"),
    "r.col.finding": ("Finding", "發現事項"),
    "r.col.tco2e": ("tCO2e", "tCO2e"),
    "r.ms.recalculation": ("Difference between the claim and the recalculation",
                           "宣告值與重新計算值之差異"),
    "r.ms.footprint": ("Difference between the reported and the recomputed footprint",
                       "宣告碳足跡與重新計算值之差異"),
    "r.ms.aggregate": ("Aggregate (sum of absolute values)", "累計不實陳述（絕對值合計）"),
    "r.ms.aggregate_pct": ("{pct} % of the reported total {total} tCO2e",
                           "占報告總量 {total} tCO2e 之 {pct} %"),
    "r.ms.threshold": ("Materiality threshold: {pct} % of {total} tCO2e",
                       "重大性門檻：{total} tCO2e 之 {pct} %"),
    "r.ms.threshold_only": ("Materiality threshold: {pct} %", "重大性門檻：{pct} %"),
    "r.ms.not_weighed": (
        "Not weighed: there is no reported total to compare the aggregate with.",
        "無法評估：沒有可與累計值比較的報告總量。",
    ),
    "r.ms.material": ("At or above the threshold: material.", "達到或超過門檻：具重大性。"),
    "r.ms.not_material": ("Below the threshold: not material.", "低於門檻：不具重大性。"),
    # annex
    "r.col.path": ("File", "檔案"),
    "r.col.file_role": ("Role", "用途"),
    "r.col.size": ("Bytes", "位元組"),
    "r.col.media": ("Media type", "媒體類型"),
    "r.col.sha": ("SHA-256", "SHA-256"),
    "fr.manifest": ("Manifest", "案卷清單"),
    "fr.calculation": ("Calculation", "計算式"),
    "fr.evidence": ("Evidence", "佐證"),
    "fr.registry": ("Registry export", "登錄處匯出檔"),
    "fr.other": ("Other", "其他"),
    "fr.table:inventory": ("Emission inventory", "排放清冊"),
    "fr.table:monitoring": ("Monitoring data", "監測數據"),
    "fr.table:credits": ("Carbon credits", "碳權"),
    "fr.table:meters": ("Meter register", "儀表清冊"),
    "pop.inventory": ("emission sources {n}", "排放源 {n} 筆"),
    "pop.monitoring": ("monitoring records {n}", "監測紀錄 {n} 筆"),
    "pop.credits": ("credit blocks {n}", "碳權序號區段 {n} 筆"),
    "pop.calculation": ("calculation lines {n}", "計算式 {n} 行"),
    # signatures
    "r.col.meaning": ("Meaning", "簽署意義"),
    "r.col.signed": ("Signed (UTC)", "簽署時間（UTC）"),
    "r.col.cert_sha": ("Certificate SHA-256", "憑證 SHA-256"),
    # notices and page furniture
    "r.draft": ("DRAFT", "草稿"),
    "r.draft_banner": (
        "DRAFT — the engagement is not signed; this report is not final.",
        "草稿：案件尚未完成簽署，本報告書非最終版本。",
    ),
    # computed checks by code (the same names as the application's)
    "check.coverage.threshold": ("Coverage of the footprint", "碳足跡涵蓋率"),
    "check.coverage.scope12": ("Scope 1 and 2 included", "範疇一、二皆已納入"),
    "check.inventory.recalc": ("Activity × factor recalculation", "活動數據 × 係數重新計算"),
    "check.coverage.exclusions": ("Exclusions justified", "排除理由"),
    "check.coverage.reported": ("Reported footprint", "申報碳足跡"),
    "check.credits.serials": ("Credit serial numbers", "額度序號"),
    "check.credits.quantity": ("Credit quantities", "額度數量"),
    "check.credits.double_counting": ("Double counting", "重複計算"),
    "check.credits.vintage": ("Credit vintages", "額度年份"),
    "check.credits.retirement": ("Retirement dates", "註銷日期"),
    "check.credits.beneficiary": ("Retirement beneficiary", "註銷受益者"),
    "check.credits.sufficiency": ("Credits sufficient", "額度充足性"),
    "check.scale.class": ("Project scale", "專案規模"),
    "check.project.crediting_period": ("Crediting period", "計入期"),
    "check.materiality.threshold": ("Materiality threshold", "重大性門檻"),
    "check.recalc.result": ("Emission reductions recalculated", "減量重新計算"),
    "check.recalc.ex_ante": ("Ex-ante estimates recalculated", "事前估算重新計算"),
    "check.planning.risk": ("Risk assessment", "風險評估"),
    "check.planning.sample": ("Sampling plan and results", "抽樣計畫與結果"),
    "check.materiality.aggregate": ("Aggregate misstatement", "累計不實陳述"),
    "check.investment.irr": ("IRR recalculated", "內部報酬率重新計算"),
    "check.investment.benchmark": ("IRR against the benchmark", "內部報酬率與基準比較"),
    "check.investment.sensitivity": ("Sensitivity analysis", "敏感度分析"),
    # investment analysis (validations, design §14)
    "r.exante": ("Ex-ante estimate and crediting period", "事前估計與計入期"),
    "r.exante.template": ("Methodology template {id}, version {version}",
                          "方法學範本 {id}，版本 {version}"),
    "r.exante.year": ("Year", "年度"),
    "r.exante.claimed": ("PDD (tCO2e)", "專案設計文件 (tCO2e)"),
    "r.exante.recomputed": ("Recomputed (tCO2e)", "重新計算 (tCO2e)"),
    "r.exante.diff": ("Difference", "差異"),
    "r.exante.total": ("Total", "合計"),
    "r.inv": ("Investment analysis", "投資分析"),
    "r.inv.item": ("Item", "項目"),
    "r.inv.value": ("Value", "數值"),
    "r.inv.years": ("Cash-flow years", "現金流量年度"),
    "r.inv.irr": ("IRR recomputed from the cash flows", "依現金流量重新計算之內部報酬率"),
    "r.inv.claimed": ("IRR stated in the project design document", "專案計畫書所載內部報酬率"),
    "r.inv.benchmark": ("Benchmark", "基準報酬率"),
    "r.inv.npv": ("Net present value at the benchmark rate", "以基準報酬率折現之淨現值"),
    "r.inv.source": ("Source of the benchmark", "基準來源"),
    "r.inv.none": ("none: the cash flows have no IRR", "不存在：現金流量無內部報酬率"),
    "r.inv.multiple": ("not unique: {roots}", "不唯一：{roots}"),
    "r.inv.variable": ("Variable", "變數"),
    "r.inv.share": ("Share of costs or revenues", "占成本或收入比例"),
    "r.inv.low": ("IRR at −{v} %", "變動 −{v} % 之內部報酬率"),
    "r.inv.high": ("IRR at +{v} %", "變動 +{v} % 之內部報酬率"),
    "r.inv.break_even": ("Break-even change", "達到基準之臨界變動"),
    "r.inv.beyond": ("beyond −90 % … +300 %", "超出 −90 % … +300 %"),
    "r.inv.var.capex": ("Capital expenditure", "資本支出"),
    "r.inv.var.revenue": ("Revenue", "收入"),
    "r.inv.var.opex": ("Operating cost", "營運成本"),
    "r.inv.chart": ("Sensitivity of the IRR to each variable", "內部報酬率對各變數之敏感度"),
    "r.inv.axis": ("Change of the variable (shaded: the tested range ±{v} %)",
                   "變數之變動幅度（陰影：測試範圍 ±{v} %）"),
    "r.inv.bench_line": ("Benchmark {pct} %", "基準 {pct} %"),
}


def has(key: str) -> bool:
    return key in REPORT_LABELS or key in OPINION_LABELS


def rlabel(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``: the report's own, else the opinion's."""
    en, zh = REPORT_LABELS.get(key) or OPINION_LABELS[key]
    text = zh if lang == "zh-TW" else en
    return text.format(**values) if values else text


def rlabel_or(lang: str, key: str, fallback: str) -> str:
    """The label ``key`` if either catalogue has it, else ``fallback`` verbatim."""
    return rlabel(lang, key) if has(key) else fallback


def check_label(lang: str, code: str, message: str) -> str:
    """A computed check's name; a check without one is shown by its message, never its
    code."""
    return rlabel(lang, f"check.{code}") if has(f"check.{code}") else message
