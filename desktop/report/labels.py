"""Labels of the PDF opinion in English and Traditional Chinese (Taiwan usage).

Kept here, not in :mod:`desktop.i18n`, because they belong to the printed document: its
language is the document's ``lang``, not the language of the user interface.
"""

from __future__ import annotations

# key -> (English, Traditional Chinese)
LABELS: dict[str, tuple[str, str]] = {
    # document titles by engagement type
    "doc.validation": ("Validation Opinion", "確證意見書"),
    "doc.verification": ("Verification Opinion", "查證意見書"),
    "doc.carbon-neutrality": (
        "Carbon-Neutrality Declaration: Verification Opinion",
        "碳中和宣告查證意見書",
    ),
    "doc.other": ("Verification Opinion", "查證意見書"),
    "issued_by": ("Issued by", "出具單位"),
    # facts
    "facts": ("Engagement", "案件資訊"),
    "subject": ("Subject", "標的"),
    "subject_id": ("Subject ID", "標的編號"),
    "engagement_type": ("Engagement type", "案件類型"),
    "verifier_body": ("Verification body", "查驗機構"),
    "client": ("Client (responsible party)", "委託者（責任方）"),
    "body_address": ("Address", "地址"),
    "body_accreditation": ("Accreditation", "認證"),
    "issued_at": ("Date and place of issue", "出具日期及地點"),
    "team": ("Team and independent reviewer", "查證團隊及獨立審查員"),
    "intended_users": ("Intended users", "預期使用者"),
    "boundary": ("Boundary", "邊界"),
    "period": ("Period", "報告期間"),
    "period_value": ("{start} to {end}", "{start} 至 {end}"),
    "criteria": ("Criteria", "適用準則"),
    "level_of_assurance": ("Level of assurance", "保證等級"),
    "materiality": ("Materiality", "重大性"),
    "materiality_value": (
        "{pct} % of the reported total ({basis})",
        "報告總量之 {pct} %（{basis}）",
    ),
    "materiality_value_t": (
        "{pct} % of the reported total {total} tCO2e = {threshold} tCO2e ({basis})",
        "報告總量 {total} tCO2e 之 {pct} % = {threshold} tCO2e（{basis}）",
    ),
    "declaration": ("Declaration", "宣告類型"),
    # why that materiality threshold
    "mb.default": ("the default for this programme and claim", "此方案及宣告之預設值"),
    "mb.override": ("set in the dossier", "卷宗指定"),
    "mb.CDM unknown ER": ("CDM, expected reductions unknown: the strictest band",
                          "CDM，預期減量未知：採最嚴格級距"),
    "mb.CDM >500k": ("CDM, more than 500 000 tCO2e a year", "CDM，年減量逾 500 000 tCO2e"),
    "mb.CDM 300k-500k": ("CDM, 300 000 to 500 000 tCO2e a year",
                         "CDM，年減量 300 000 至 500 000 tCO2e"),
    "mb.CDM large ≤300k": ("CDM large scale, up to 300 000 tCO2e a year",
                           "CDM 大規模，年減量不超過 300 000 tCO2e"),
    "mb.CDM small-scale": ("CDM small scale", "CDM 小規模"),
    "mb.CDM micro-scale": ("CDM micro scale", "CDM 微規模"),
    "attestation": ("Attestation", "宣告確證方式"),
    "generated": ("Generated (UTC)", "產製時間（UTC）"),
    # engagement types
    "type.validation": ("Validation", "確證"),
    "type.verification": ("Verification", "查證"),
    "type.carbon-neutrality": ("Carbon-neutrality declaration", "碳中和宣告"),
    # assurance
    "loa.reasonable": ("Reasonable assurance", "合理保證"),
    "loa.limited": ("Limited assurance", "有限保證"),
    # declarations
    "decl.commitment": ("Declaration of commitment", "承諾宣告"),
    "decl.achievement": ("Declaration of achievement", "達成宣告"),
    # attestation
    "att.self": ("Self-validation", "自我確證"),
    "att.second-party": ("Other-party (second-party) validation", "第二方確證"),
    "att.third-party": ("Independent third-party certification", "獨立第三方驗證"),
    "self_banner": ("SELF-VALIDATED", "自我確證"),
    "self_banner_text": (
        "This declaration is self-validated by the claimant (PAS 2060). It has not been "
        "certified by an independent third party; the figures below are the claimant's own "
        "attestation.",
        "本宣告係由宣告者自我確證（PAS 2060），未經獨立第三方驗證；"
        "以下數據為宣告者本身之確證結果。",
    ),
    # sections
    "opinion": ("Opinion", "查證意見"),
    "opinion_basis": ("Basis for the opinion", "意見之基礎"),
    "objective": ("Objective and scope", "目的及範圍"),
    "responsibilities": ("Responsibilities", "責任"),
    "opinion_override": (
        "The verifier departed from the opinion suggested by the evidence. Justification:",
        "查證人員未採用依證據建議之意見類型，理由如下：",
    ),
    "summary_of_work": ("Summary of work performed", "查證工作摘要"),
    "findings": ("Findings", "發現事項"),
    "no_findings": ("No findings were raised.", "未提出發現事項。"),
    "misstatements": ("Misstatements", "不實陳述"),
    "no_misstatements": ("No misstatements were identified.", "未發現不實陳述。"),
    "checks": ("Computed checks", "計算檢核"),
    "no_checks": ("No computed checks.", "無計算檢核。"),
    "coverage": ("Coverage of the footprint (PAS 2060)", "碳足跡涵蓋率（PAS 2060）"),
    "signatures": ("Electronic signatures", "電子簽署"),
    "no_signatures": ("Not signed.", "尚未簽署。"),
    "signatures_bound": (
        "Each signature is bound to the engagement fingerprint below: any later change to "
        "the record breaks it. Every signer declared, when signing, that they have no "
        "conflict of interest with the client.",
        "各簽署皆與下列案件指紋綁定，紀錄若經變更，簽署即失效。"
        "各簽署人於簽署時皆聲明與委託者無利益衝突。",
    ),
    "fingerprint": ("Engagement fingerprint (SHA-256)", "案件指紋（SHA-256）"),
    "fingerprint_text": (
        "SHA-256 over the dossier data, evidence hashes, checklist responses, findings and "
        "misstatements at sign-off. `veridesk verify` recomputes it from the engagement file.",
        "於簽署時就案件資料、佐證雜湊值、查核表回應、發現事項及不實陳述計算之 SHA-256。"
        "可以 `veridesk verify` 由案件檔重新計算比對。",
    ),
    "notes": ("Notes", "附註"),
    # table headers
    "col.ref": ("Ref.", "編號"),
    "col.type": ("Type", "類型"),
    "col.state": ("State", "狀態"),
    "col.item": ("Item", "項目"),
    "col.title": ("Description", "說明"),
    "col.source": ("Source", "排放源／項目"),
    "col.amount": ("tCO2e", "tCO2e"),
    "col.code": ("Check", "檢核項目"),
    "col.status": ("Status", "結果"),
    "col.message": ("Result", "說明"),
    "aggregate": ("Aggregate (sum of absolute values)", "累計不實陳述（絕對值合計）"),
    "aggregate_pct": ("{pct} % of the reported total", "占報告總量 {pct} %"),
    "threshold": ("Materiality threshold", "重大性門檻"),
    "not_weighed": (
        "not weighed: there is no reported total to compare with",
        "無法評估：沒有可比較的報告總量",
    ),
    "below_threshold": ("below the threshold: not material", "低於門檻：不具重大性"),
    "above_threshold": ("at or above the threshold: material", "達到或超過門檻：具重大性"),
    # finding types
    "ft.CL": ("CL", "CL 澄清要求"),
    "ft.CAR": ("CAR", "CAR 矯正措施要求"),
    "ft.FAR": ("FAR", "FAR 後續行動要求"),
    # finding states
    "fs.open": ("open", "未結案"),
    "fs.responded": ("client responded", "委託者已回覆"),
    "fs.accepted": ("accepted", "已接受"),
    "fs.closed": ("closed", "已結案"),
    "fs.escalated": ("escalated to CAR", "已升級為 CAR"),
    # check statuses
    "cs.pass": ("pass", "通過"),
    "cs.fail": ("fail", "不通過"),
    "cs.warn": ("warning", "警示"),
    "cs.n/a": ("n/a", "不適用"),
    # opinion kinds
    "ok.unmodified": ("Unmodified opinion", "無保留意見"),
    "ok.modified": ("Modified opinion", "保留意見（修正式意見）"),
    "ok.adverse": ("Adverse opinion", "否定意見"),
    "ok.disclaimer": ("Disclaimer of opinion", "無法表示意見"),
    # opinion statements: reasonable / limited assurance
    "os.unmodified.reasonable": (
        "In our opinion, based on the procedures performed and the evidence obtained, the "
        "GHG statement of {client} for {subject} is, in all material respects, fairly "
        "presented in accordance with the criteria.",
        "依本機構執行之程序及取得之證據，本機構認為 {client} 就「{subject}」之溫室氣體聲明，"
        "在所有重大方面係依適用準則允當表達。",
    ),
    "os.unmodified.limited": (
        "Based on the procedures performed and the evidence obtained, nothing has come to "
        "our attention that causes us to believe that the GHG statement of {client} for "
        "{subject} is not, in all material respects, fairly presented in accordance with "
        "the criteria.",
        "依本機構執行之程序及取得之證據，本機構並未發現 {client} 就「{subject}」之溫室氣體聲明"
        "在重大方面有未依適用準則允當表達之情事。",
    ),
    "os.modified": (
        "Except for the effects of the matters described in the basis for the opinion, the "
        "GHG statement of {client} for {subject} is, in all material respects, fairly "
        "presented in accordance with the criteria.",
        "除意見之基礎所述事項之影響外，{client} 就「{subject}」之溫室氣體聲明，"
        "在所有重大方面係依適用準則允當表達。",
    ),
    "os.adverse": (
        "Because of the significance of the matters described in the basis for the opinion, "
        "the GHG statement of {client} for {subject} is not fairly presented in accordance "
        "with the criteria.",
        "由於意見之基礎所述事項之重大性，{client} 就「{subject}」之溫室氣體聲明"
        "未依適用準則允當表達。",
    ),
    "os.disclaimer": (
        "Because of the significance of the matters described in the basis for the opinion, "
        "we were unable to obtain sufficient appropriate evidence and do not express an "
        "opinion on the GHG statement of {client} for {subject}.",
        "由於意見之基礎所述事項之重大性，本機構無法取得足夠及適切之證據，"
        "故對 {client} 就「{subject}」之溫室氣體聲明無法表示意見。",
    ),
    # signatures
    "sig.name": ("Printed name", "姓名"),
    "sig.role": ("Role", "角色"),
    "sig.meaning": ("Meaning", "簽署意義"),
    "sig.time": ("Signed (UTC)", "簽署時間（UTC）"),
    "sig.cert": ("Certificate", "憑證"),
    "sig.cert_sha": ("Certificate SHA-256", "憑證 SHA-256"),
    "sig.no_cert": ("no certificate (signed in the application)", "無憑證（於應用程式內簽署）"),
    "role.lead": ("Lead verifier", "主導查證員"),
    "role.verifier": ("Verifier", "查證員"),
    "role.technical-expert": ("Technical expert", "技術專家"),
    "role.reviewer": ("Independent reviewer", "獨立審查員"),
    "role.client-signer": ("Client signatory", "委託者簽署人"),
    "meaning.reviewed": ("reviewed", "已審查"),
    "meaning.approved opinion": ("approved opinion", "核可查證意見"),
    "meaning.approved": ("approved", "已核可"),
    "meaning.prepared": ("prepared", "已編製"),
    # chart
    "chart.cumulative": ("cumulative share of total", "占總量之累積比例"),
    "chart.included": ("included", "納入"),
    "chart.excluded": ("excluded", "排除"),
    "chart.largest": ("> 50 % source", "> 50 % 排放源"),
    "chart.line95": ("95 %", "95 %"),
    "chart.others": ("{n} others", "其他 {n} 項"),
    "chart.caption.all": (
        "Sources by emissions, descending. Coverage of all sources: {pct} % (95 % required).",
        "排放源依排放量遞減排列。全部排放源之涵蓋率：{pct} %（須達 95 %）。",
    ),
    "chart.caption.remainder": (
        "Sources by emissions, descending. {largest} is more than 50 % of the total: the 95 % "
        "applies to the other sources, whose coverage is {pct} %.",
        "排放源依排放量遞減排列。{largest} 占總量逾 50 %，95 % 門檻適用於其餘排放源，"
        "其涵蓋率為 {pct} %。",
    ),
    "chart.axis_t": ("tCO2e", "tCO2e"),
    # page furniture
    "page": ("Page {page} of {total}", "第 {page} 頁，共 {total} 頁"),
    "draft": ("DRAFT", "草稿"),
    "draft_banner": (
        "DRAFT · 草稿 — not signed, not an opinion. Do not distribute.",
        "草稿 · DRAFT — 尚未簽署，不構成查證意見，請勿散布。",
    ),
    "footer_fp": ("fingerprint {fp}", "指紋 {fp}"),
    # computed checks, by what they establish (never the internal code)
    "check.coverage.threshold": ("Footprint coverage (95 % / 50 % rule)",
                                 "碳足跡涵蓋率（95 %／50 % 規則）"),
    "check.coverage.scope12": ("Scope 1 and 2 sources all included", "範疇一、二排放源皆已納入"),
    "check.inventory.recalc": ("Activity data × emission factor", "活動數據 × 排放係數"),
    "check.coverage.exclusions": ("Exclusions justified", "排除事項之理由"),
    "check.coverage.reported": ("Reported footprint against the recomputed one",
                                "宣告碳足跡與重新計算值"),
    "check.credits.serials": ("Credit serial numbers", "減量額度序號"),
    "check.credits.quantity": ("Quantity of each serial block", "各序號區段之數量"),
    "check.credits.double_counting": ("No credit counted twice", "額度未重複計算"),
    "check.credits.vintage": ("Vintage of the credits", "額度年份"),
    "check.credits.retirement": ("Retirement within the window", "於期限內註銷"),
    "check.credits.beneficiary": ("Retired for the claimant", "以宣告者名義註銷"),
    "check.credits.sufficiency": ("Enough credits retired", "註銷額度足夠"),
    "check.credits.registry_match": ("Retirements in the registry's records",
                                     "登錄處紀錄之註銷情形"),
    "check.credits.corresponding_adjustment": ("Corresponding adjustment as in the registry",
                                               "相應調整與登錄處紀錄相符"),
    "check.credits.ccp": ("CCP label where required", "須具 CCP 標籤者皆具標籤"),
    "check.claims.vcmi_tier": ("VCMI claim tier", "VCMI 宣告等級"),
    "check.scale.class": ("Project scale", "專案規模"),
    "check.project.crediting_period": ("Crediting period", "計入期"),
    "check.materiality.threshold": ("Materiality threshold", "重大性門檻"),
    "check.recalc.result": ("Recalculated emission reductions", "重新計算之減量"),
    "check.recalc.ex_ante": ("Ex-ante estimates recalculated", "事前估算重新計算"),
    "check.planning.risk": ("Risk assessment", "風險評估"),
    "check.planning.sample": ("Sampling plan and results", "抽樣計畫與結果"),
    "check.materiality.aggregate": ("Aggregate misstatement", "不實陳述合計"),
    # the GHG statement verified
    "statement": ("The GHG statement", "溫室氣體聲明"),
    "statement.validation": ("The project design and its ex-ante estimates",
                             "專案設計及事前估算"),
    "st.scope": ("Scope {scope}", "範疇{scope}"),
    "st.included": ("included", "納入"),
    "st.excluded": ("excluded", "排除"),
    "st.total": ("Total", "合計"),
    "st.reported_footprint": ("Footprint reported by the client", "委託者宣告之碳足跡"),
    "st.recomputed_footprint": ("Footprint recomputed (included sources)",
                                "重新計算之碳足跡（納入之排放源）"),
    "st.year": ("Emission reductions {year}", "{year} 年減量"),
    "st.period_er": ("Emission reductions {start} to {end}", "{start} 至 {end} 之減量"),
    "st.claimed_er": ("Emission reductions claimed", "宣告之減量"),
    "st.recomputed_er": ("Emission reductions recomputed", "重新計算之減量"),
    "st.expected_er": ("Expected emission reductions per year (ex-ante)",
                       "預期年減量（事前估算）"),
    "st.col.item": ("Item", "項目"),
    "st.col.included": ("Included (tCO2e)", "納入（tCO2e）"),
    "st.col.excluded": ("Excluded (tCO2e)", "排除（tCO2e）"),
    "st.col.value": ("tCO2e", "tCO2e"),
    "credits": ("Carbon credits retired", "註銷之減量額度"),
    "cr.registry": ("Registry", "登錄處"),
    "cr.serial": ("Serial numbers", "序號"),
    "cr.quantity": ("Quantity", "數量"),
    "cr.vintage": ("Vintage", "年份"),
    "cr.beneficiary": ("Retired for", "註銷受益者"),
    "cr.retired_on": ("Retired on", "註銷日期"),
    "cr.total": ("Total retired", "註銷合計"),
    "cr.registry_status": ("In the registry", "登錄處紀錄"),
    "rs.matched": ("matched", "相符"),
    "rs.partial": ("partly found", "部分相符"),
    "rs.not_found": ("not found", "查無"),
    "rs.not_retired": ("not retired", "未註銷"),
    "rs.foreign": ("retired for another entity", "已為他人註銷"),
    "rs.late": ("retired late", "逾期註銷"),
    "rs.no_export": ("no export", "無匯出檔"),
    "rs.unparsed": ("serial unreadable", "序號無法解析"),
    "no_opinion": (
        "No opinion has been recorded: this draft states none.",
        "尚未記錄查證意見：本草稿不表示任何意見。",
    ),
    "src.result": ("Recalculated emission reductions", "重新計算之減量"),
    "src.footprint": ("Recomputed footprint", "重新計算之碳足跡"),
    "src.proposed": ("proposed, not yet evaluated", "建議，尚未評估"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
}


def label(lang: str, key: str, **values: object) -> str:
    """The label ``key`` in ``lang`` (``en`` / ``zh-TW``), formatted with ``values``."""
    en, zh = LABELS[key]
    text = zh if lang == "zh-TW" else en
    return text.format(**values) if values else text


def label_or(lang: str, key: str, fallback: str) -> str:
    """The label ``key`` if the catalogue has it, else ``fallback`` verbatim."""
    return label(lang, key) if key in LABELS else fallback
