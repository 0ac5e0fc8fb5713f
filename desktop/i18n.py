"""Language choice and the engine's bilingual message catalogue (English / Traditional Chinese).

The engine never imports Qt, so its user-facing messages (import errors, CLI output) are
kept here as pairs of templates. The GUI translates its own strings with Qt's system.
"""

from __future__ import annotations

import locale
import os

LANGUAGES = ("en", "zh-TW")
_current: str | None = None


def normalise_language(value: str | None) -> str:
    """Map a locale-ish string (``zh_TW.UTF-8``, ``zh-Hant``, ``en_US``) to ``en`` or ``zh-TW``."""
    if not value:
        return "en"
    v = value.replace("_", "-").lower()
    return "zh-TW" if v.startswith("zh") else "en"


def current_language() -> str:
    """The language for messages: set explicitly, else ``VERIDESK_LANG``, else the locale."""
    if _current:
        return _current
    env = os.environ.get("VERIDESK_LANG")
    if env:
        return normalise_language(env)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(var):
            return normalise_language(os.environ[var])
    try:
        return normalise_language(locale.getlocale()[0])
    except ValueError:  # pragma: no cover - exotic locale strings
        return "en"


def set_language(lang: str | None) -> None:
    """Force the message language (``None`` returns to the environment's choice)."""
    global _current
    _current = normalise_language(lang) if lang else None


# key -> (English, Traditional Chinese); str.format placeholders.
MESSAGES: dict[str, tuple[str, str]] = {
    # locations
    "loc.file": ("{file}", "{file}"),
    "loc.row": ("{file} row {row}", "{file} 第 {row} 列"),
    "loc.cell": ("{file} row {row}, column {column}", "{file} 第 {row} 列，欄位 {column}"),
    "loc.column": ("{file}, column {column}", "{file}，欄位 {column}"),
    "loc.key": ("{file}, {key}", "{file}，{key}"),
    # values
    "value.not_number": ("'{value}' is not a number", "「{value}」不是數字"),
    "value.not_integer": ("'{value}' is not a whole number", "「{value}」不是整數"),
    "value.not_finite": ("'{value}' is not a finite number", "「{value}」不是有限數值"),
    "value.empty": ("a value is required", "此欄必須填寫"),
    "value.not_bool": (
        "'{value}' is not yes/no (yes, no, true, false, Y, N, 是, 否)",
        "「{value}」不是是／否（yes、no、true、false、Y、N、是、否）",
    ),
    "value.not_date": ("'{value}' is not a date (YYYY-MM-DD)", "「{value}」不是日期（YYYY-MM-DD）"),
    "value.not_vintage": (
        "'{value}' is not a vintage (a year such as 2022, or 2021-2022)",
        "「{value}」不是年份（例如 2022 或 2021-2022）",
    ),
    "value.not_in": ("'{value}' is not one of {allowed}", "「{value}」不是 {allowed} 之一"),
    "value.out_of_range": (
        "'{value}' is out of range (infinite, or larger than 10^15 in size)",
        "「{value}」超出範圍（無限大，或絕對值大於 10^15）",
    ),
    "value.negative": ("'{value}' must not be negative", "「{value}」不可為負數"),
    # tables
    "table.missing_column": (
        "required column '{name}' is missing (found: {found})",
        "缺少必要欄位「{name}」（檔案中的欄位：{found}）",
    ),
    "table.duplicate_column": (
        "columns '{first}' and '{second}' both mean '{name}'",
        "欄位「{first}」與「{second}」皆代表「{name}」",
    ),
    "table.field_count": (
        "has {found} fields but the header has {expected} (an unquoted comma in a number?)",
        "有 {found} 個欄位，但標題列有 {expected} 個（數字中的千分位逗號未加引號？）",
    ),
    "table.empty": ("the table has no header row", "表格沒有標題列"),
    "table.no_rows": ("the table has no data rows", "表格沒有資料列"),
    "table.encoding": (
        "cannot tell the text encoding; save it as UTF-8 (or UTF-16 / Big5)",
        "無法判斷文字編碼；請另存為 UTF-8（或 UTF-16／Big5）",
    ),
    "table.decode": (
        "is not valid {encoding} text near byte {offset}",
        "在第 {offset} 位元組附近不是有效的 {encoding} 文字",
    ),
    "table.csv": ("cannot be read as CSV: {error}", "無法以 CSV 讀取：{error}"),
    "table.xlsx": ("cannot be read as a workbook: {error}", "無法以活頁簿讀取：{error}"),
    "table.sheet": (
        "has no sheet named '{sheet}' (sheets: {sheets})",
        "沒有名為「{sheet}」的工作表（工作表：{sheets}）",
    ),
    "table.duplicate_id": ("'{value}' repeats row {first}", "「{value}」與第 {first} 列重複"),
    "table.more": ("… and {count} more problems in {file}", "…… {file} 另有 {count} 個問題"),
    "table.not_found": ("the file is missing", "找不到檔案"),
    "table.both_formats": (
        "both {first} and {second} exist; keep one or name it in [tables]",
        "{first} 與 {second} 同時存在；請保留一個，或在 [tables] 中指定",
    ),
    # investment.csv (design §14)
    "investment.too_short": (
        "the investment table needs at least two years of cash flows",
        "投資分析表至少需要兩個年度的現金流量",
    ),
    "investment.no_columns": (
        "give capex, revenue, opex, other, or a cash_flow column, with values",
        "請提供資本支出、收入、營運成本、其他，或現金流量欄位及其數值",
    ),
    "investment.year": ("'{value}' is not a whole year", "「{value}」不是整數年度"),
    "investment.years": (
        "year {value} does not follow {previous}: one row a year, ascending, no gaps",
        "年度 {value} 未接續 {previous}：每年一列、遞增、不可中斷",
    ),
    "investment.negative_revenue": (
        "revenue {value} is negative: put a cost in opex or other",
        "收入 {value} 為負值：成本請填於營運成本或其他",
    ),
    "investment.mixed_signs": (
        "{value} has the opposite sign of {first} above it: write the column's costs all "
        "positive or all negative (an inflow belongs in other)",
        "{value} 與上方的 {first} 正負號相反：同一欄的成本請一律填正值或一律填負值"
        "（流入款項請填於其他）",
    ),
    "investment.disagrees": (
        "cash_flow {value} differs from revenue − capex − opex + other = {computed}",
        "現金流量 {value} 與 收入 − 資本支出 − 營運成本 + 其他 = {computed} 不符",
    ),
    # manifest
    "manifest.missing": (
        "dossier.toml is missing: this folder is not a VeriDesk dossier",
        "缺少 dossier.toml：此資料夾不是 VeriDesk 案件卷宗",
    ),
    "manifest.encoding": (
        "the file is {error}; TOML files must be saved as UTF-8",
        "檔案編碼為 {error}；TOML 檔必須以 UTF-8 儲存",
    ),
    "manifest.syntax": ("TOML syntax error: {error}", "TOML 語法錯誤：{error}"),
    "manifest.format": (
        "format must be 'veridesk-dossier/1', found '{value}'",
        "format 必須是「veridesk-dossier/1」，但為「{value}」",
    ),
    "manifest.required": ("is required", "為必填"),
    "manifest.type": ("must be {expected}, found {value!r}", "必須是{expected}，但為 {value!r}"),
    "manifest.choice": (
        "must be one of {allowed}, found '{value}'",
        "必須是 {allowed} 之一，但為「{value}」",
    ),
    "manifest.unknown": ("unknown key (a typo?)", "未知的鍵（拼字錯誤？）"),
    "manifest.period": (
        "the period ends ({end}) before it starts ({start})",
        "期間結束日（{end}）早於開始日（{start}）",
    ),
    "manifest.needs_table": (
        "a {type} engagement needs the {table} table",
        "{type} 類型的案件需要 {table} 表",
    ),
    "manifest.evidence_missing": (
        "refers to evidence '{path}', which is not in the dossier",
        "引用的佐證「{path}」不在卷宗內",
    ),
    # calculation
    "calc.no_formula": ("line '{name}' has no formula", "計算行「{name}」沒有公式"),
    "calc.duplicate": ("line name '{name}' is used twice", "計算行名稱「{name}」重複"),
    "calc.bad_name": ("'{name}' is not a valid line name", "「{name}」不是有效的計算行名稱"),
    # methodology templates (calculation.toml with template = "...")
    "tmpl.unknown": (
        "unknown methodology template '{name}'; the known ones are: {known}",
        "未知的方法學範本「{name}」；可用的範本：{known}",
    ),
    "tmpl.missing": (
        "template {template} needs parameter '{name}' ({description})",
        "範本 {template} 需要參數「{name}」（{description}）",
    ),
    "tmpl.unknown_param": (
        "'{name}' is not a parameter of template {template}; its parameters: {known}",
        "「{name}」不是範本 {template} 的參數；其參數為：{known}",
    ),
    "tmpl.unit": (
        "unit '{unit}' does not convert to the template's unit {expected}",
        "單位「{unit}」無法換算為範本單位 {expected}",
    ),
    "tmpl.unknown_line": (
        "'{name}' is not a line of template {template}; its lines: {known}",
        "「{name}」不是範本 {template} 的計算行；其計算行為：{known}",
    ),
    "tmpl.needs_template": (
        "[parameters] and an ex-ante table need a methodology template (template = \"...\")",
        "[parameters] 與事前估算表須指定方法學範本（template = \"...\"）",
    ),
    "tmpl.year_twice": ("year {year} is given twice", "年份 {year} 重複"),
    "crediting.fixed_renewal": (
        "a fixed crediting period is never renewed (renewal = {renewal})",
        "固定型計入期不可展延（renewal = {renewal}）",
    ),
    # zip
    "zip.bad": ("is not a readable zip file: {error}", "不是可讀取的 zip 檔：{error}"),
    "zip.unsafe": (
        "entry '{entry}' would be written outside the dossier; refused",
        "項目「{entry}」會寫到卷宗之外；已拒絕",
    ),
    "zip.link": ("entry '{entry}' is a link; refused", "項目「{entry}」是連結；已拒絕"),
    "zip.too_big": (
        "unpacks to more than {limit} MiB; refused",
        "解壓縮後超過 {limit} MiB；已拒絕",
    ),
    "zip.ratio_total": (
        "unpacks {ratio:.0f} times larger than it is, which looks like a zip bomb; refused",
        "解壓後為原大小的 {ratio:.0f} 倍，疑似 zip 炸彈；已拒絕",
    ),
    "zip.ratio": (
        "entry '{entry}' compresses {ratio:.0f}:1, which looks like a zip bomb; refused",
        "項目「{entry}」壓縮比為 {ratio:.0f}:1，疑似 zip 炸彈；已拒絕",
    ),
    "zip.encrypted": (
        "entry '{entry}' is encrypted; send the dossier as an unencrypted zip",
        "項目「{entry}」已加密；請提供未加密的 zip",
    ),
    "zip.method": (
        "entry '{entry}' uses compression method {method}, which is not supported "
        "(use Deflate: the usual 'Compressed folder')",
        "項目「{entry}」使用不支援的壓縮方法 {method}（請使用一般的 Deflate 壓縮）",
    ),
    "zip.name_too_long": (
        "entry '{entry}' has a name longer than {limit} bytes",
        "項目「{entry}」的名稱超過 {limit} 位元組",
    ),
    "zip.duplicate": (
        "holds '{entry}' twice (names differing only in case count as the same); refused",
        "重複包含「{entry}」（僅大小寫不同亦視為相同）；已拒絕",
    ),
    "zip.clash": (
        "entry '{entry}' clashes with '{other}' (a file and a folder of the same name)",
        "項目「{entry}」與「{other}」衝突（同名的檔案與資料夾）",
    ),
    "zip.too_many": ("holds more than {limit} entries; refused", "項目超過 {limit} 個；已拒絕"),
    "zip.no_manifest": ("holds no dossier.toml", "其中沒有 dossier.toml"),
    # files and engagement
    "path.not_found": ("{path}: no such file or folder", "{path}：找不到檔案或資料夾"),
    "path.not_dossier": (
        "{path}: not a dossier folder, .zip or .veridesk file",
        "{path}：不是卷宗資料夾、.zip 或 .veridesk 檔",
    ),
    "out.exists": (
        "{path} already exists; use --force to replace it",
        "{path} 已存在；如要取代請加上 --force",
    ),
    "engagement.locked_by": (
        "{path} is open for writing by {who} (process {pid} on {host}) since {since}",
        "{path} 正由 {who}（{host} 上的程序 {pid}）自 {since} 起開啟編輯中",
    ),
    "engagement.not_engagement": (
        "{path} is not a VeriDesk engagement file",
        "{path} 不是 VeriDesk 案件檔",
    ),
    "engagement.damaged": (
        "{path} is damaged ({error}); open your backup copy, or the last archived file",
        "{path} 已損毀（{error}）；請改用備份或最近一次封存的檔案",
    ),
    "engagement.migration_failed": (
        "{path} could not be upgraded to this version's schema ({error}); it is unchanged",
        "{path} 無法升級至此版本的結構（{error}）；檔案未變更",
    ),
    "engagement.too_new": (
        "{path} was written by a newer VeriDesk (schema {found} > {supported}); update VeriDesk",
        "{path} 由較新版的 VeriDesk 建立（結構版本 {found} > {supported}）；請更新 VeriDesk",
    ),
    "engagement.migrated": (
        "{path} was upgraded to schema {version}; backup kept at {backup}",
        "{path} 已升級至結構版本 {version}；備份保存在 {backup}",
    ),
    "engagement.signed": (
        "{path} is signed and locked: it cannot be changed",
        "{path} 已簽署並鎖定：不可再修改",
    ),
    "record.read_only": (
        "{path} is open read-only: open it for writing to change it",
        "{path} 以唯讀方式開啟：須以可編輯方式開啟才能修改",
    ),
    "checklist.unknown": (
        "no applicable checklist item {checklist} / {ref}",
        "沒有適用的查核表項目 {checklist}／{ref}",
    ),
    "checklist.bad_response": (
        "'{value}' is not a response (conforms, nonconformity, not-applicable, open; "
        "符合, 不符合, 不適用, 未答)",
        "「{value}」不是有效的回應（conforms、nonconformity、not-applicable、open；"
        "符合、不符合、不適用、未答）",
    ),
    "checklist.override_reason": (
        "{ref}: the computed check says '{suggested}'; answering '{response}' needs a reason",
        "{ref}：計算檢核結果為「{suggested}」；回答「{response}」須說明理由",
    ),
    "checklist.unknown_evidence": (
        "evidence '{path}' is not in the engagement file",
        "佐證「{path}」不在案件檔中",
    ),
    "sheet.unknown_item": (
        "'{checklist}' / '{ref}' is not an applicable item of this engagement",
        "「{checklist}」／「{ref}」不是本案件適用的查核項目",
    ),
    "sheet.missing_column": ("required column '{name}' is missing", "缺少必要欄位「{name}」"),
    "sheet.override_note": (
        "overrides the computed result '{suggested}': write the reason in 'override_reason' "
        "(or 'note')",
        "推翻計算結果「{suggested}」：請於 override_reason（或 note）欄說明理由",
    ),
    "sheet.other_engagement": (
        "this sheet was exported from engagement {subject} (key {sheet_key}), not from the open "
        "engagement {open_subject} (key {open_key}): nothing was merged; export a new sheet "
        "from this engagement",
        "此答題表匯出自案件 {subject}（識別碼 {sheet_key}），而非目前開啟的案件 {open_subject}"
        "（識別碼 {open_key}）：未合併任何回答；請由本案件重新匯出答題表",
    ),
    "sheet.duplicate_item": (
        "'{checklist}' / '{ref}' is already answered in row {first}: give each item one row",
        "「{checklist}」／「{ref}」已於第 {first} 列作答：每個項目只能有一列",
    ),
    "sheet.computed_judgement": ("your judgement (warning)", "由查證人員判斷（警告）"),
    "finding.unknown": ("no finding {number}", "沒有發現事項 {number}"),
    "finding.bad_type": ("'{value}' is not CL, CAR or FAR", "「{value}」不是 CL、CAR 或 FAR"),
    "finding.closed": ("{number} is closed", "{number} 已結案"),
    "finding.no_response": (
        "{number} has no client response to assess yet",
        "{number} 尚無委託者回覆可供評估",
    ),
    "finding.not_cl": (
        "only a CL can be escalated to a CAR; {number} is a {type}",
        "只有 CL 可升級為 CAR；{number} 是 {type}",
    ),
    "team.bad_role": (
        "'{value}' is not a role (lead, verifier, technical-expert, reviewer, client-signer)",
        "「{value}」不是有效角色（lead、verifier、technical-expert、reviewer、client-signer）",
    ),
    "team.unknown": ("no team member {name}", "沒有團隊成員 {name}"),
    "team.signed": (
        "{name} ({role}) has signed with the certificate bound to them and cannot be removed",
        "{name}（{role}）已以其綁定之憑證簽署，不得移除",
    ),
    "misstatement.correction_note": (
        "say how the client corrected it (--note)", "請說明委託者如何更正（--note）"
    ),
    "misstatement.unknown": ("no misstatement {id}", "沒有不實陳述 {id}"),
    # evidence planning: risk assessment and sampling (design §13)
    "planning.bad_setting": (
        "'{value}' is not a valid setting (expected {low} to {high})",
        "「{value}」不是有效設定（應介於 {low} 與 {high}）",
    ),
    "planning.no_expansion": (
        "confidence {value} % has no expansion factor in [expansion_factor]",
        "信賴水準 {value} % 在 [expansion_factor] 中沒有擴張係數",
    ),
    "planning.bad_population": (
        "'{value}' is not a population (use {allowed})", "「{value}」不是抽樣母體（請用 {allowed}）"
    ),
    "planning.bad_level": (
        "{what} risk '{value}' is not one of {allowed}", "{what} 風險「{value}」不是 {allowed} 之一"
    ),
    "planning.empty_reason": ("a risk assessment needs a reason", "風險評估必須說明理由"),
    "planning.unknown_item": (
        "'{value}' is not an item of the {population} (known: {known})",
        "「{value}」不是 {population} 的項目（現有：{known}）",
    ),
    "planning.no_plan": (
        "no sample has been drawn yet (veridesk sample FILE --population …)",
        "尚未抽樣（veridesk sample FILE --population …）",
    ),
    "planning.unknown_plan": (
        "no sample plan {id} (plans: {known})", "沒有抽樣計畫 {id}（現有：{known}）"
    ),
    "planning.row_not_selected": (
        "row {row} is not selected in sample plan {id}", "第 {row} 列不在抽樣計畫 {id} 的樣本中"
    ),
    "planning.bad_seed": (
        "seed '{value}' must be a whole number from 0 to 2^63 − 1",
        "亂數種子「{value}」必須是 0 至 2^63 − 1 的整數",
    ),
    "planning.empty_population": (
        "the {population} population is empty", "{population} 母體沒有資料"
    ),
    "planning.no_table": (
        "the engagement has no {population} data to sample", "本案件沒有可抽樣的 {population} 資料"
    ),
    "planning.no_total": (
        "no reported or recomputed total for the {population}: the materiality cannot be set",
        "{population} 沒有宣告或重新計算的總量：無法設定重大性",
    ),
    "planning.no_materiality": (
        "the materiality of the {population} is 0 tCO2e: nothing to sample against",
        "{population} 的重大性為 0 tCO2e：無從抽樣",
    ),
    "planning.expected_too_large": (
        "the expected misstatement ({pct} % of the performance materiality) leaves no room: "
        "lower expected_misstatement_pct",
        "預期不實陳述（執行重大性的 {pct} %）已無容許空間：請調低 expected_misstatement_pct",
    ),
    "planning.cli_form": (
        "use: veridesk sample FILE --population P [--seed N] | sample result FILE --plan ID "
        "--row N (--agreed | --error T) | sample show FILE [--plan ID] ({problem})",
        "用法：veridesk sample FILE --population P [--seed N]｜sample result FILE --plan ID "
        "--row N (--agreed | --error T)｜sample show FILE [--plan ID]（{problem}）",
    ),
    # findings, misstatements and evidence on the command line (desktop/cli_records.py)
    "finding.bad_item": (
        "'{value}' is not CHECKLIST:REF (e.g. iso14064-3-verification:ISO 14064-3 §5.1.1)",
        "「{value}」不是 CHECKLIST:REF 格式（例如 iso14064-3-verification:ISO 14064-3 §5.1.1）",
    ),
    "finding.state.open": ("open", "未結"),
    "finding.state.responded": ("client responded", "委託者已回覆"),
    "finding.state.closed": ("closed", "已結案"),
    "misstatement.unknown_source": (
        "no source, parameter or calculation line '{value}' in this engagement (known: {known})",
        "本案件沒有排放源、參數或計算行「{value}」（現有：{known}）",
    ),
    "evidence.not_regular": (
        "{path} is not a regular file (a pipe, device or socket); only files can be evidence",
        "{path} 不是一般檔案（管線、裝置或通訊端）；只有檔案可作為佐證",
    ),
    "evidence.too_large": (
        "{path} is larger than {limit} MiB, the most an engagement file holds in one piece",
        "{path} 超過 {limit} MiB，超出案件檔可存放的單一檔案上限",
    ),
    "evidence.exists": (
        "the engagement already holds '{path}'; rename the file to add it as well",
        "案件檔中已有「{path}」；如需一併加入，請先將檔案改名",
    ),
    "cli.empty_option": ("{option} must not be empty", "{option} 不可空白"),
    "records.responded": (
        "{number}: client response recorded (round {round})",
        "{number}：已記錄委託者回覆（第 {round} 輪）",
    ),
    "records.accepted": (
        "{number}: round {round} accepted; {state}",
        "{number}：第 {round} 輪回覆已接受；{state}",
    ),
    "records.not_accepted": (
        "{number}: round {round} not accepted; {state}",
        "{number}：第 {round} 輪回覆未獲接受；{state}",
    ),
    "records.escalated": ("escalated from {number}", "由 {number} 升級"),
    "records.no_findings": ("no findings", "沒有發現事項"),
    "records.findings_header": (
        "Number|Type|State|Rounds|Title|Item", "編號|類型|狀態|輪次|標題|查核項目"
    ),
    "records.count": ("{type} {open} open / {closed} closed", "{type} {open} 未結／{closed} 已結"),
    "records.misstatement_added": (
        "misstatement of {amount} tCO2e recorded", "已記錄不實陳述 {amount} tCO2e"
    ),
    "records.misstatement_removed": (
        "misstatement #{id} withdrawn", "已撤回不實陳述 #{id}"
    ),
    "records.no_misstatements": ("no misstatements", "沒有不實陳述"),
    "records.misstatements_header": (
        "#|tCO2e|Finding|Source|Description|Recorded",
        "#|tCO2e|發現事項|排放源|說明|記錄",
    ),
    "records.aggregate": (
        "aggregate (absolute values): {total} tCO2e", "合計（絕對值）：{total} tCO2e"
    ),
    "records.no_evidence": ("no evidence files", "沒有佐證檔"),
    "records.evidence_header": (
        "File|Size|Media type|SHA-256|Note", "檔案|大小|媒體類型|SHA-256|說明"
    ),
    "opinion.bad_kind": (
        "'{value}' is not an opinion (unmodified, modified, adverse, disclaimer)",
        "「{value}」不是有效的意見類型（unmodified、modified、adverse、disclaimer）",
    ),
    "opinion.override_reason": (
        "the evidence suggests a {suggested} opinion; choosing {kind} needs a reason",
        "依證據建議為「{suggested}」意見；選擇「{kind}」須說明理由",
    ),
    "engagement.in_review": (
        "{path} is signed by the lead verifier and awaits the reviewer: records are frozen "
        "(withdraw the lead signature to change them)",
        "{path} 已由主導查證員簽署、待審查員簽署：紀錄已凍結（撤回主導簽署後才能修改）",
    ),
    "sign.not_ready": (
        "not ready to sign: {rules}", "尚不可簽署：{rules}"
    ),
    "sign.no_declaration": (
        "signing requires the declaration of no conflict of interest (--declare-impartial)",
        "簽署時須聲明無利益衝突（--declare-impartial）",
    ),
    "sign.order": ("the lead verifier signs first", "須由主導查證員先簽署"),
    "sign.already": ("the {role} has already signed", "{role} 已簽署"),
    "sign.same_certificate": (
        "the reviewer must sign with a different certificate from the lead verifier's",
        "審查員須使用與主導查證員不同的憑證簽署",
    ),
    "sign.reviewer_author": (
        "{name} appears as an author in the audit trail and cannot be the independent reviewer",
        "{name} 曾為稽核軌跡中的作者，不得擔任獨立審查員",
    ),
    "sign.reviewer_on_team": (
        "{name} is on the verification team and cannot be the independent reviewer",
        "{name} 是查證團隊成員，不得擔任獨立審查員",
    ),
    "sign.signer_is_client": (
        "a {attestation} attestation needs a signer who is not the client ({client})",
        "{attestation} 確證的簽署人不得為委託者本身（{client}）",
    ),
    "sign.changed_since_lead": (
        "the records changed since the lead verifier signed ({detail})",
        "主導查證員簽署後紀錄已變更（{detail}）",
    ),
    "sign.cert_expired": (
        "the certificate expired on {until}: it cannot sign",
        "憑證已於 {until} 到期：不可用於簽署",
    ),
    "sign.cert_not_yet": (
        "the certificate is not valid before {since}: it cannot sign yet",
        "憑證於 {since} 前尚未生效：目前不可用於簽署",
    ),
    "sign.cert_usage": (
        "the certificate is not for digital signatures (key usage): it cannot sign",
        "此憑證不可用於數位簽章（金鑰用途）：不可用於簽署",
    ),
    "sign.no_member": (
        "no team member has the role {role}: add them with veridesk team first",
        "沒有擔任 {role} 的團隊成員：請先以 veridesk team 加入",
    ),
    "sign.name_mismatch": (
        "the certificate is {name}'s, but the {role} is {member}: only the {role}'s own "
        "certificate can sign as {role}",
        "此憑證屬於 {name}，但 {role} 為 {member}：僅 {role} 本人的憑證可以此身分簽署",
    ),
    "sign.wrong_certificate": (
        "{name} ({role}) is bound to another certificate: sign with that one",
        "{name}（{role}）已綁定另一張憑證：請使用該憑證簽署",
    ),
    "sign.cert_other_role": (
        "this certificate is bound to {name} ({role}): one certificate serves one role",
        "此憑證已綁定 {name}（{role}）：一張憑證僅能擔任一種角色",
    ),
    "sign.withdraw_reason": (
        "withdrawing a signature needs a reason (--reason)",
        "撤回簽署須說明理由（--reason）",
    ),
    "cert.unreadable": (
        "{path} is not a certificate (PEM or DER) or a PKCS#12 file",
        "{path} 不是憑證（PEM 或 DER）或 PKCS#12 檔",
    ),
    "team.no_name": ("a team member needs a name", "團隊成員須有姓名"),
    "team.cert_name": (
        "the certificate is {cert}'s, not {name}'s",
        "此憑證屬於 {cert}，不是 {name}",
    ),
    "sign.nothing_to_withdraw": (
        "there is no lead signature to withdraw", "沒有可撤回的主導簽署"
    ),
    "import.done": (
        "Imported {subject} into {path}: {counts}; {evidence} evidence files",
        "已將 {subject} 匯入 {path}：{counts}；佐證檔 {evidence} 個",
    ),
    "import.cancelled": ("Import cancelled; nothing was written", "已取消匯入；未寫入任何資料"),
    "import.failed": ("Import failed; nothing was written:", "匯入失敗；未寫入任何資料："),
    "dossier.outside": (
        "'{path}' is outside the dossier; tables must be files inside its folder",
        "「{path}」位於卷宗之外；資料表必須是卷宗資料夾內的檔案",
    ),
    "dossier.link": (
        "'{path}' is a symbolic link; put the file itself in the dossier",
        "「{path}」是符號連結；請將檔案本身放入卷宗",
    ),
    "dossier.special_file": (
        "not a regular file (a link, pipe or device): skipped",
        "不是一般檔案（連結、管線或裝置）：已略過",
    ),
    "import.signed_target": (
        "{path} is a signed engagement ({state}): it is never replaced; import to a new file",
        "{path} 是已簽署的案件檔（{state}）：不可取代；請匯入至新檔案",
    ),
    "import.unreadable_target": (
        "{path} cannot be read to check that it is unsigned: it is not replaced; "
        "import to a new file",
        "無法讀取 {path} 以確認其未簽署：不予取代；請匯入至新檔案",
    ),
    "import.replaced": (
        "the previous {path} was kept as {backup}",
        "原有的 {path} 已另存為 {backup}",
    ),
    "out.is_engagement": (
        "{path} is an engagement file: choose another name for this output",
        "{path} 是案件檔：請為此輸出另取檔名",
    ),
    "table.unknown_column_like": (
        "column '{name}' is not a known column and was not imported: did you mean '{like}'?",
        "欄位「{name}」不是已知欄位，未匯入：是否為「{like}」？",
    ),
    "table.unknown_column": (
        "column '{name}' is not a known column and was not imported",
        "欄位「{name}」不是已知欄位，未匯入",
    ),
    "import.warning": ("warning: {message}", "警告：{message}"),
    # command line
    "os.error_path": ("{path}: {reason}", "{path}：{reason}"),
    "os.error": ("system error: {reason}", "系統錯誤：{reason}"),
    "cli.too_large": (
        "the input is too large or too deeply nested to process ({error}); nothing was written",
        "輸入過大或巢狀過深，無法處理（{error}）；未寫入任何資料",
    ),
    "cli.unexpected": (
        "unexpected error: {error} (nothing was written; run with --debug for details "
        "and report it)",
        "未預期的錯誤：{error}（未寫入任何資料；可加上 --debug 查看細節並回報）",
    ),
    "path.not_folder": ("{path}: no such folder", "{path}：找不到資料夾"),
    "path.is_folder": ("{path} is a folder, not a file", "{path} 是資料夾，不是檔案"),
    "path.no_parent": (
        "{path}: the folder {folder} does not exist", "{path}：資料夾 {folder} 不存在"
    ),
    "password.no_terminal": (
        "no terminal to ask for the password: set VERIDESK_PASSWORD",
        "沒有終端機可詢問密碼：請設定環境變數 VERIDESK_PASSWORD",
    ),
    # registry exports (desktop.registry)
    "registry.unrecognised": (
        "not a known registry export (Verra, Gold Standard, ACR, CAR, Taiwan MOENV); "
        "header found: {header}",
        "不是可辨識的登錄處匯出檔（Verra、Gold Standard、ACR、CAR、環境部）；"
        "讀到的標題列：{header}",
    ),
    "registry.quantity": (
        "quantity '{value}' is not a whole number of credits", "數量「{value}」不是整數額度"
    ),
    "registry.date": ("date '{value}' cannot be read", "無法判讀日期「{value}」"),
    "registry.suffix": (
        "a registry export must be CSV or XLSX (.csv, .txt, .xlsx)",
        "登錄處匯出檔須為 CSV 或 XLSX（.csv、.txt、.xlsx）",
    ),
    "registry.added": (
        "{path}: {registry} export, {rows} records, SHA-256 {sha256}",
        "{path}：{registry} 匯出檔，{rows} 筆紀錄，SHA-256 {sha256}",
    ),
}


def tr(key: str, lang: str | None = None, /, **params: object) -> str:
    """Format message ``key`` in ``lang`` (default: the current language)."""
    zh_wanted = (lang or current_language()) == "zh-TW"
    en, zh = MESSAGES[key]
    template = zh if zh_wanted else en
    return template.format(**{k: _echo(v, zh_wanted) for k, v in params.items()})


def _echo(value: object, zh: bool) -> object:
    """A parameter as a message shows it: None says "missing", long text is clipped."""
    from desktop.terminal import clip

    if value is None:
        return "（未填）" if zh else "(missing)"
    if isinstance(value, bool | float) or (isinstance(value, int) and abs(value) < 10**18):
        return value
    if hasattr(value, "localized"):  # e.g. a TOML syntax error, in the message's language
        return clip(value.localized(zh))
    return clip(value if isinstance(value, str) else str(value))
