<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ChecklistsPage</name>
    <message>
        <source>Search items (Ctrl+F)</source>
        <translation>搜尋項目（Ctrl+F）</translation>
    </message>
    <message>
        <source>%1 of %2 answered</source>
        <translation>已回答 %1／%2</translation>
    </message>
    <message>
        <source>All items</source>
        <extracomment>the state filter: (key, label)</extracomment>
        <translation>全部項目</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>標為未答</translation>
    </message>
    <message>
        <source>Nonconformities</source>
        <translation>不符合項目</translation>
    </message>
    <message>
        <source>Conforms without support</source>
        <translation>符合但無佐證</translation>
    </message>
    <message>
        <source>Show only the items in this state</source>
        <translation>只顯示此狀態的項目</translation>
    </message>
    <message>
        <source>no support</source>
        <translation>無佐證</translation>
    </message>
    <message>
        <source>Conforms, but no evidence, note or computed check supports it</source>
        <translation>答「符合」，但沒有佐證資料、備註或計算檢核支持</translation>
    </message>
    <message>
        <source>%1 pre-filled</source>
        <translation>%1 項已預填</translation>
    </message>
    <message>
        <source>Reason needed</source>
        <translation>需說明理由</translation>
    </message>
    <message>
        <source>The computed check suggests “%1”. Why do you answer “%2”?</source>
        <translation>自動檢核建議為「%1」。您為何回答「%2」？</translation>
    </message>
    <message>
        <source>Cannot save the answer</source>
        <translation>無法儲存回答</translation>
    </message>
    <message>
        <source>answer %1: %2</source>
        <translation>回答 %1：%2</translation>
    </message>
    <message>
        <source>Cannot raise the finding</source>
        <translation>無法開立發現事項</translation>
    </message>
    <message>
        <source>Raised %1</source>
        <translation>已開立 %1</translation>
    </message>
</context>
<context>
    <name>CoveragePage</name>
    <message>
        <source>PAS 2060 coverage</source>
        <translation>PAS 2060 涵蓋率</translation>
    </message>
    <message>
        <source>Total footprint</source>
        <translation>總碳足跡</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>納入</translation>
    </message>
    <message>
        <source>Coverage of the total</source>
        <translation>占總量涵蓋率</translation>
    </message>
    <message>
        <source>Largest source</source>
        <translation>最大排放源</translation>
    </message>
    <message>
        <source>95 % rule applied to</source>
        <translation>95 % 規則適用於</translation>
    </message>
    <message>
        <source>Coverage on that basis</source>
        <translation>該基準之涵蓋率</translation>
    </message>
    <message>
        <source>Materiality</source>
        <translation>重大性</translation>
    </message>
    <message>
        <source>Sources by emissions (Pareto)</source>
        <translation>各排放源排放量（柏拉圖）</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>No coverage check for this engagement.</source>
        <translation>本案件無涵蓋率檢核。</translation>
    </message>
    <message>
        <source>the remaining sources (one source is above 50 %)</source>
        <translation>其餘排放源（單一排放源超過 50 %）</translation>
    </message>
    <message>
        <source>all sources</source>
        <translation>全部排放源</translation>
    </message>
    <message>
        <source>Not evaluated yet.</source>
        <translation>尚未評估。</translation>
    </message>
</context>
<context>
    <name>CreateKeyDialog</name>
    <message>
        <source>Create signing key</source>
        <translation>建立簽署金鑰</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <source>A self-signed key: signatures made with it are intact but not trusted, as nobody vouches for the name in it. Keep the file and its password safe.</source>
        <translation>自簽金鑰：以其簽署的文件可驗證未經竄改，但不具信任，因為沒有人為其中的姓名背書。請妥善保管檔案及其密碼。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>電子郵件</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所屬機構</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>再次輸入密碼</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>儲存位置</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>建立</translation>
    </message>
    <message>
        <source>Save the signing key as</source>
        <translation>簽署金鑰另存為</translation>
    </message>
    <message>
        <source>PKCS#12 (*.p12 *.pfx)</source>
        <translation>PKCS#12 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>Enter the name the certificate is issued to.</source>
        <translation>請輸入憑證所屬者的姓名。</translation>
    </message>
    <message>
        <source>Enter a password to protect the key.</source>
        <translation>請輸入保護金鑰的密碼。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>兩次輸入的密碼不一致。</translation>
    </message>
    <message>
        <source>Choose where to save the key file.</source>
        <translation>請選擇金鑰檔的儲存位置。</translation>
    </message>
    <message>
        <source>%1 is a folder.</source>
        <translation>%1 是資料夾。</translation>
    </message>
</context>
<context>
    <name>CreditTimeline</name>
    <message>
        <source>No credits</source>
        <translation>無減量額度</translation>
    </message>
    <message>
        <source>period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>retirement window</source>
        <translation>註銷期限</translation>
    </message>
</context>
<context>
    <name>CreditsPage</name>
    <message>
        <source>serial unreadable</source>
        <translation>序號無法解析</translation>
    </message>
    <message>
        <source>quantity ≠ block</source>
        <translation>數量 ≠ 序號區段</translation>
    </message>
    <message>
        <source>overlap</source>
        <translation>區段重疊</translation>
    </message>
    <message>
        <source>vintage too old</source>
        <translation>年份過舊</translation>
    </message>
    <message>
        <source>retirement date</source>
        <translation>註銷日期</translation>
    </message>
    <message>
        <source>other beneficiary</source>
        <translation>受益者不符</translation>
    </message>
    <message>
        <source>matched</source>
        <translation>相符</translation>
    </message>
    <message>
        <source>partly in the export</source>
        <translation>僅部分見於匯出檔</translation>
    </message>
    <message>
        <source>not in the export</source>
        <translation>匯出檔中查無</translation>
    </message>
    <message>
        <source>not retired</source>
        <translation>未註銷</translation>
    </message>
    <message>
        <source>retired for another entity</source>
        <translation>已為他人註銷</translation>
    </message>
    <message>
        <source>retired late</source>
        <translation>逾期註銷</translation>
    </message>
    <message>
        <source>no export of its registry</source>
        <translation>無其登錄處之匯出檔</translation>
    </message>
    <message>
        <source>Add registry export…</source>
        <translation>新增登錄處匯出檔…</translation>
    </message>
    <message>
        <source>Store a registry&apos;s export (Verra, Gold Standard, ACR, CAR, Taiwan MOENV; CSV or XLSX as downloaded) with its hash, and compare every claimed block with it</source>
        <translation>將登錄處的匯出檔（Verra、Gold Standard、ACR、CAR、臺灣環境部 MOENV；下載所得的 CSV 或 XLSX）連同其雜湊值存入案件，並據以比對每個申報的序號區段</translation>
    </message>
    <message>
        <source>Block start</source>
        <translation>區段起號</translation>
    </message>
    <message>
        <source>Block end</source>
        <translation>區段迄號</translation>
    </message>
    <message>
        <source>Block size</source>
        <translation>區段數量</translation>
    </message>
    <message>
        <source>Registry status</source>
        <translation>登錄處狀態</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>標示</translation>
    </message>
    <message>
        <source>Registry records covering the selected block</source>
        <translation>涵蓋所選區段的登錄處紀錄</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>匯出檔</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序號</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Retired for / details</source>
        <translation>受益者／說明</translation>
    </message>
    <message>
        <source>Units in the block</source>
        <translation>區段內數量</translation>
    </message>
    <message>
        <source>Vintages and retirements</source>
        <translation>額度年份與註銷</translation>
    </message>
    <message>
        <source>Bars: vintage years · diamonds: retirement dates · green band: the period · yellow band: the 12 months after it · dashed red line: earliest vintage allowed</source>
        <translation>長條：額度年份 · 菱形：註銷日期 · 綠色區帶：宣告期間 · 黃色區帶：期間結束後 12 個月 · 紅色虛線：最早可接受年份</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>No credits in this engagement.</source>
        <translation>本案件無減量額度。</translation>
    </message>
    <message>
        <source>Add registry export</source>
        <translation>新增登錄處匯出檔</translation>
    </message>
    <message>
        <source>Registry exports (*.csv *.txt *.xlsx *.xls)</source>
        <translation>登錄處匯出檔 (*.csv *.txt *.xlsx *.xls)</translation>
    </message>
    <message>
        <source>Adding %1…</source>
        <translation>正在新增 %1…</translation>
    </message>
    <message>
        <source>Cannot add the registry export</source>
        <translation>無法新增登錄處匯出檔</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Inventory</source>
        <translation>盤查清冊</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>監測數據</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>減量額度</translation>
    </message>
    <message>
        <source>Meters</source>
        <translation>儀表清冊</translation>
    </message>
</context>
<context>
    <name>DesignSection</name>
    <message>
        <source>Ex-ante estimate and crediting period</source>
        <translation>事前估算與計入期</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>PDD (tCO2e)</source>
        <translation>專案計畫書（tCO2e）</translation>
    </message>
    <message>
        <source>Recomputed (tCO2e)</source>
        <translation>重新計算值（tCO2e）</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差異</translation>
    </message>
    <message>
        <source>Methodology template: %1, version %2</source>
        <translation>方法學範本：%1，第 %2 版</translation>
    </message>
    <message>
        <source>No methodology template for this engagement.</source>
        <translation>本案件未指定方法學範本。</translation>
    </message>
</context>
<context>
    <name>DrawDialog</name>
    <message>
        <source>Draw sample</source>
        <translation>抽取樣本</translation>
    </message>
    <message>
        <source>Population</source>
        <translation>母體</translation>
    </message>
    <message>
        <source>Seed (the same seed draws the same sample)</source>
        <translation>亂數種子（相同種子抽出相同樣本）</translation>
    </message>
</context>
<context>
    <name>EditMemberDialog</name>
    <message>
        <source>Edit team member</source>
        <translation>編輯團隊成員</translation>
    </message>
    <message>
        <source>Has declared impartiality (no conflict of interest)</source>
        <translation>已聲明公正性（無利益衝突）</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成員</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所屬機構</translation>
    </message>
</context>
<context>
    <name>EvidencePage</name>
    <message>
        <source>Add evidence…</source>
        <translation>新增佐證資料…</translation>
    </message>
    <message>
        <source>Store a file of your own (a site photo, a working paper) in the engagement: hashed, audited, and ready to link to checklist answers.</source>
        <translation>將您自己的檔案（現場照片、工作底稿）存入案件：計算雜湊值、記入稽核軌跡，並可連結至查核表的回答。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>媒體類型</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>使用於</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256 雜湊值</translation>
    </message>
    <message>
        <source>Open externally</source>
        <translation>以外部程式開啟</translation>
    </message>
    <message>
        <source>Select a file to preview it.</source>
        <translation>請選擇檔案以預覽。</translation>
    </message>
    <message>
        <source>Add evidence</source>
        <translation>新增佐證資料</translation>
    </message>
    <message>
        <source>Cannot add the evidence file</source>
        <translation>無法新增佐證檔案</translation>
    </message>
    <message>
        <source>Used by: %1</source>
        <translation>使用於：%1</translation>
    </message>
    <message>
        <source>No checklist answer links this file yet.</source>
        <translation>尚無查核表回答連結此檔案。</translation>
    </message>
    <message>
        <source>PDF preview needs the pypdfium2 package. Use “Open externally”.</source>
        <translation>預覽 PDF 需要 pypdfium2 套件，請使用「以外部程式開啟」。</translation>
    </message>
    <message>
        <source>No preview for this type of file.</source>
        <translation>此類檔案無法預覽。</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>無法開啟檔案</translation>
    </message>
    <message>
        <source>A copy could not be written: %1</source>
        <translation>無法寫入副本：%1</translation>
    </message>
    <message>
        <source>No application on this computer opens this kind of file. A copy was saved at %1.</source>
        <translation>此電腦沒有可開啟此類檔案的應用程式。副本已存於 %1。</translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <source>Select a finding.</source>
        <translation>請選擇一項發現事項。</translation>
    </message>
    <message>
        <source>Round %1</source>
        <translation>第 %1 輪</translation>
    </message>
    <message>
        <source>Reason for the escalation (%1, %2)</source>
        <translation>升級理由（%1，%2）</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>所有類型</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有狀態</translation>
    </message>
    <message>
        <source>New finding…</source>
        <translation>新增發現事項…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>編號</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>標題</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>開立</translation>
    </message>
    <message>
        <source>Record client response…</source>
        <translation>記錄委託者回覆…</translation>
    </message>
    <message>
        <source>Accept and close…</source>
        <translation>接受並結案…</translation>
    </message>
    <message>
        <source>Not accepted…</source>
        <translation>不予接受…</translation>
    </message>
    <message>
        <source>Escalate CL to CAR…</source>
        <translation>將 CL 升級為 CAR…</translation>
    </message>
    <message>
        <source>Go to item</source>
        <translation>前往項目</translation>
    </message>
    <message>
        <source>Open the checklist item this finding is about</source>
        <translation>開啟此發現事項所涉及的查核表項目</translation>
    </message>
    <message>
        <source>Misstatements</source>
        <translation>不實陳述</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>說明</translation>
    </message>
    <message>
        <source>tCO2e</source>
        <translation>tCO2e</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>發現事項</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>記錄時間</translation>
    </message>
    <message>
        <source>Record misstatement…</source>
        <translation>記錄不實陳述…</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未結</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已結案</translation>
    </message>
    <message>
        <source>escalated from %1</source>
        <translation>由 %1 升級</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>not accepted</source>
        <translation>不予接受</translation>
    </message>
    <message>
        <source>Cannot raise the finding</source>
        <translation>無法開立發現事項</translation>
    </message>
    <message>
        <source>Client response</source>
        <translation>委託者回覆</translation>
    </message>
    <message>
        <source>The client&apos;s response to %1</source>
        <translation>委託者對 %1 的回覆</translation>
    </message>
    <message>
        <source>Cannot record the response</source>
        <translation>無法記錄回覆</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>評估</translation>
    </message>
    <message>
        <source>Your assessment of the response (the finding will be closed)</source>
        <translation>您對回覆的評估（發現事項將結案）</translation>
    </message>
    <message>
        <source>Why the response is not accepted (the finding stays open)</source>
        <translation>不接受回覆的理由（發現事項維持未結）</translation>
    </message>
    <message>
        <source>Cannot record the assessment</source>
        <translation>無法記錄評估</translation>
    </message>
    <message>
        <source>Escalate to CAR</source>
        <translation>升級為 CAR</translation>
    </message>
    <message>
        <source>Why is a requirement not met?</source>
        <translation>哪一項要求未符合？為什麼？</translation>
    </message>
    <message>
        <source>Cannot escalate</source>
        <translation>無法升級</translation>
    </message>
    <message>
        <source>Cannot record the misstatement</source>
        <translation>無法記錄不實陳述</translation>
    </message>
    <message>
        <source>Cannot withdraw the misstatement</source>
        <translation>無法撤回不實陳述</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>VeriDesk user guide</source>
        <translation>VeriDesk 使用指南</translation>
    </message>
    <message>
        <source>The user guide was not found at %1.</source>
        <translation>在 %1 找不到使用指南。</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <source>Guidance</source>
        <translation>指引</translation>
    </message>
    <message>
        <source>Typical evidence</source>
        <translation>常見佐證</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>0  Clear answer</source>
        <translation>0  清除回答</translation>
    </message>
    <message>
        <source>Set the item back to unanswered (0 or Delete)</source>
        <translation>將此項目恢復為未作答（0 或 Delete）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>What you saw, sampled or were told</source>
        <translation>您所見、抽樣或受訪所得</translation>
    </message>
    <message>
        <source>Linked evidence</source>
        <translation>連結的佐證</translation>
    </message>
    <message>
        <source>Raise finding…</source>
        <translation>開立發現事項…</translation>
    </message>
    <message>
        <source>Pre-filled: %1</source>
        <translation>已預填：%1</translation>
    </message>
    <message>
        <source>Needs your judgement</source>
        <translation>需由您判斷</translation>
    </message>
    <message>
        <source>Answered by %1 at %2</source>
        <translation>%1 於 %2 回答</translation>
    </message>
    <message>
        <source>Reason for departing from the computed result: %1</source>
        <translation>偏離自動檢核結果之理由：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Welcome to VeriDesk</source>
        <translation>歡迎使用 VeriDesk</translation>
    </message>
    <message>
        <source>Create an engagement from a client&apos;s dossier, or open an engagement file.</source>
        <translation>由委託者送審資料建立案件，或開啟既有的案件檔。</translation>
    </message>
    <message>
        <source>New from dossier…</source>
        <translation>由送審資料建立…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>開啟…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New from dossier…</source>
        <translation>由送審資料建立(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開啟(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>關閉(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export opinion…</source>
        <translation>匯出查證意見(&amp;E)…</translation>
    </message>
    <message>
        <source>Export verification &amp;report…</source>
        <translation>匯出查證報告書(&amp;R)…</translation>
    </message>
    <message>
        <source>Write the verification report as a PDF (a draft until signed)</source>
        <translation>將查證報告書輸出為 PDF（簽署前為草稿）</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好設定(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Find in table</source>
        <translation>在表格中篩選(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run the checks again</source>
        <translation>重新執行檢核(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>Open engagement</source>
        <translation>開啟案件</translation>
    </message>
    <message>
        <source>VeriDesk engagements (*%1);;All files (*)</source>
        <translation>VeriDesk 案件檔 (*%1);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Cannot open the engagement</source>
        <translation>無法開啟案件</translation>
    </message>
    <message>
        <source>Export validation &amp;report…</source>
        <translation>匯出確證報告書(&amp;R)…</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>沒有最近開啟的檔案</translation>
    </message>
    <message>
        <source>New from dossier</source>
        <translation>由送審資料建立</translation>
    </message>
    <message>
        <source>Is the client&apos;s dossier a folder or a zip file?</source>
        <translation>委託者的送審資料是資料夾還是 zip 壓縮檔？</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>資料夾…</translation>
    </message>
    <message>
        <source>Zip file…</source>
        <translation>zip 壓縮檔…</translation>
    </message>
    <message>
        <source>Choose the dossier folder</source>
        <translation>選擇送審資料夾</translation>
    </message>
    <message>
        <source>Choose the dossier zip</source>
        <translation>選擇送審資料壓縮檔</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>zip 壓縮檔 (*.zip)</translation>
    </message>
    <message>
        <source>Save the engagement as</source>
        <translation>案件檔另存為</translation>
    </message>
    <message>
        <source>VeriDesk engagements (*%1)</source>
        <translation>VeriDesk 案件檔 (*%1)</translation>
    </message>
    <message>
        <source>%1 already exists. Do you want to replace it?</source>
        <translation>%1 已存在。要取代它嗎？</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在匯入 %1…</translation>
    </message>
    <message>
        <source>Replaced %1; the previous version was kept as %2</source>
        <translation>已取代 %1；先前的版本已保留為 %2</translation>
    </message>
    <message>
        <source>The dossier could not be imported</source>
        <translation>無法匯入送審資料</translation>
    </message>
    <message>
        <source>Import cancelled: no file was written.</source>
        <translation>已取消匯入：未寫入任何檔案。</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>Checks could not run</source>
        <translation>檢核無法執行</translation>
    </message>
    <message>
        <source>The checks could not run</source>
        <translation>檢核無法執行</translation>
    </message>
    <message>
        <source>Lead: %1</source>
        <translation>主導查證員：%1</translation>
    </message>
    <message>
        <source>read-only: open elsewhere</source>
        <translation>唯讀：已在他處開啟</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>已儲存</translation>
    </message>
    <message>
        <source>Stage: %1</source>
        <translation>階段：%1</translation>
    </message>
    <message>
        <source>Stage: opinion · %1 sign-off rules not met: see Sign-off</source>
        <translation>階段：意見 · 尚有 %1 項簽署前檢核規則未符合：請見簽署</translation>
    </message>
    <message>
        <source>Stage: opinion · ready to sign: go to Sign-off</source>
        <translation>階段：意見 · 可以簽署：請前往簽署</translation>
    </message>
    <message>
        <source>Drop one engagement file (*%1), dossier folder or dossier zip to open it.</source>
        <translation>拖放一個案件檔（*%1）、送審資料資料夾或送審資料壓縮檔即可開啟。</translation>
    </message>
    <message>
        <source>Checks: %1 failed, %2 with a warning</source>
        <translation>檢核：%1 項不通過、%2 項警示</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>復原(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Opinion written to %1</source>
        <translation>意見書已寫入 %1</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>報告書已寫入 %1</translation>
    </message>
    <message>
        <source>Write the opinion as a PDF (a draft until signed)</source>
        <translation>將查證意見輸出為 PDF（簽署前為草稿）</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>唯讀</translation>
    </message>
    <message>
        <source>Stage: %1 · %2 items left</source>
        <translation>階段：%1 · 尚餘 %2 個項目</translation>
    </message>
</context>
<context>
    <name>MaterialityBar</name>
    <message>
        <source>Materiality not evaluated</source>
        <translation>尚未評估重大性</translation>
    </message>
    <message>
        <source>threshold %1 t</source>
        <translation>門檻 %1 公噸</translation>
    </message>
    <message>
        <source>misstatement %1 t</source>
        <translation>不實陳述 %1 公噸</translation>
    </message>
</context>
<context>
    <name>MemberDialog</name>
    <message>
        <source>Enter the member&apos;s name first.</source>
        <translation>請先輸入成員姓名。</translation>
    </message>
    <message>
        <source>Enter the member&apos;s name: a member needs one.</source>
        <translation>請輸入成員姓名：每位成員都必須有姓名。</translation>
    </message>
    <message>
        <source>Add team member</source>
        <translation>新增團隊成員</translation>
    </message>
    <message>
        <source>Has declared impartiality (no conflict of interest)</source>
        <translation>已聲明公正性（無利益衝突）</translation>
    </message>
    <message>
        <source>Certificate…</source>
        <translation>憑證…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Optional: binds the member to the certificate they will sign with; the certificate must be in their name. Without one, the lead verifier&apos;s and the reviewer&apos;s certificates are bound when they first sign.</source>
        <translation>選填：將成員綁定至其簽署所用的憑證；憑證須為其本人姓名。未指定時，主導查證員與獨立審查員的憑證於首次簽署時綁定。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所屬機構</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>憑證</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der *.p12 *.pfx);;All files (*)</source>
        <translation>憑證 (*.pem *.crt *.cer *.der *.p12 *.pfx);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Password of %1:</source>
        <translation>%1 的密碼：</translation>
    </message>
    <message>
        <source>Cannot read the certificate</source>
        <translation>無法讀取憑證</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>valid %1</source>
        <translation>有效期間 %1</translation>
    </message>
</context>
<context>
    <name>MisstatementDialog</name>
    <message>
        <source>Record misstatement</source>
        <translation>記錄不實陳述</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>說明</translation>
    </message>
    <message>
        <source>Amount (+ overstated, − understated)</source>
        <translation>數量（+ 高估，− 低估）</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>發現事項</translation>
    </message>
</context>
<context>
    <name>MonitoringPage</name>
    <message>
        <source>Parameter / meter:</source>
        <translation>參數／儀表：</translation>
    </message>
    <message>
        <source>Readings over time</source>
        <translation>讀值時間序列</translation>
    </message>
    <message>
        <source>Flagged rows</source>
        <translation>已標示的資料列</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>Reading the monitoring data…</source>
        <translation>正在讀取監測數據…</translation>
    </message>
    <message>
        <source>The dossier has no monitoring data.</source>
        <translation>送審資料未附監測數據。</translation>
    </message>
    <message>
        <source>Cannot read the monitoring data: %1</source>
        <translation>無法讀取監測數據：%1</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>%1 dated readings; frequency: %2; %3 missing; %4 flagged</source>
        <translation>附日期的讀值 %1 筆；頻率：%2；缺漏 %3 筆；標示 %4 筆</translation>
    </message>
    <message>
        <source>every 15 minutes</source>
        <translation>每 15 分鐘</translation>
    </message>
    <message>
        <source>every 30 minutes</source>
        <translation>每 30 分鐘</translation>
    </message>
    <message>
        <source>hourly</source>
        <translation>每小時</translation>
    </message>
    <message>
        <source>daily</source>
        <translation>每日</translation>
    </message>
    <message>
        <source>weekly</source>
        <translation>每週</translation>
    </message>
    <message>
        <source>monthly</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>quarterly</source>
        <translation>每季</translation>
    </message>
    <message>
        <source>half-yearly</source>
        <translation>每半年</translation>
    </message>
    <message>
        <source>yearly</source>
        <translation>每年</translation>
    </message>
    <message>
        <source>Duplicate (same parameter, meter and time)</source>
        <translation>重複（同一參數、儀表及時間）</translation>
    </message>
    <message>
        <source>Outlier (robust z beyond 3.5)</source>
        <translation>離群值（穩健 z 值超過 3.5）</translation>
    </message>
    <message>
        <source>Above the meter&apos;s capacity</source>
        <translation>超過儀表容量</translation>
    </message>
    <message>
        <source>Outside the meter&apos;s calibration validity</source>
        <translation>不在儀表有效校正期間內</translation>
    </message>
    <message>
        <source>Meter not in the register</source>
        <translation>儀表未列於儀表清冊</translation>
    </message>
    <message>
        <source>(the first %1 are listed)</source>
        <translation>（僅列出前 %1 筆）</translation>
    </message>
</context>
<context>
    <name>NewFindingDialog</name>
    <message>
        <source>Enter a title for the finding.</source>
        <translation>請輸入發現事項的標題。</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Engagement</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>數據</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>進度</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>檢核</translation>
    </message>
    <message>
        <source>%1 pre-filled</source>
        <translation>%1 個已預填</translation>
    </message>
    <message>
        <source>Open findings: %1 CAR · %2 CL · %3 FAR</source>
        <translation>未結發現事項：CAR %1 · CL %2 · FAR %3</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>標的</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>委託者</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>準則</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>計畫機制</translation>
    </message>
    <message>
        <source>Level of assurance</source>
        <translation>保證等級</translation>
    </message>
    <message>
        <source>Boundary</source>
        <translation>邊界</translation>
    </message>
    <message>
        <source>Emission sources</source>
        <translation>排放源</translation>
    </message>
    <message>
        <source>Monitoring records</source>
        <translation>監測紀錄</translation>
    </message>
    <message>
        <source>Credit blocks</source>
        <translation>額度區段</translation>
    </message>
    <message>
        <source>Evidence files</source>
        <translation>佐證檔案</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>%1 · click to see it</source>
        <translation>%1 · 點選以查看</translation>
    </message>
    <message>
        <source>%1 passed · %2 with a warning · %3 failed · %4 not applicable</source>
        <translation>%1 項通過 · %2 項警示 · %3 項不通過 · %4 項不適用</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Conforms</source>
        <translation>符合</translation>
    </message>
    <message>
        <source>Nonconformity</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不適用</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未答</translation>
    </message>
    <message>
        <source>Unanswered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未結</translation>
    </message>
    <message>
        <source>client responded</source>
        <translation>委託者已回覆</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已結案</translation>
    </message>
    <message>
        <source>Unmodified</source>
        <translation>無保留意見</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修正式意見</translation>
    </message>
    <message>
        <source>Adverse</source>
        <translation>否定意見</translation>
    </message>
    <message>
        <source>Disclaimer of opinion</source>
        <translation>無法表示意見</translation>
    </message>
    <message>
        <source>Lead verifier</source>
        <translation>主導查證員</translation>
    </message>
    <message>
        <source>Verifier</source>
        <translation>查證員</translation>
    </message>
    <message>
        <source>Technical expert</source>
        <translation>技術專家</translation>
    </message>
    <message>
        <source>Independent reviewer</source>
        <translation>獨立審查員</translation>
    </message>
    <message>
        <source>Client&apos;s signer</source>
        <translation>委託者簽署人</translation>
    </message>
    <message>
        <source>Every applicable item answered</source>
        <translation>所有適用項目皆已回答</translation>
    </message>
    <message>
        <source>Every “conforms” supported by evidence or a note</source>
        <translation>每項「符合」皆有佐證或備註</translation>
    </message>
    <message>
        <source>No open CL or CAR for an unmodified opinion</source>
        <translation>出具無保留意見時無未結之 CL 或 CAR</translation>
    </message>
    <message>
        <source>Every nonconformity raised as a CL or CAR</source>
        <translation>每項不符合事項皆已提出 CL 或 CAR</translation>
    </message>
    <message>
        <source>Every computed difference evaluated</source>
        <translation>每項計算差異皆已評估</translation>
    </message>
    <message>
        <source>Materiality evaluated</source>
        <translation>已評估重大性</translation>
    </message>
    <message>
        <source>Opinion recorded</source>
        <translation>已記錄查證意見</translation>
    </message>
    <message>
        <source>Opinion follows the evidence (or the override is justified)</source>
        <translation>查證意見依據證據（或變更已說明理由）</translation>
    </message>
    <message>
        <source>Lead verifier assigned, impartiality declared</source>
        <translation>已指派主導查證員並聲明公正性</translation>
    </message>
    <message>
        <source>%1 to %2 (UTC)</source>
        <translation>%1 至 %2（UTC）</translation>
    </message>
    <message>
        <source>Wrong password for this key file (or the file is damaged).</source>
        <translation>金鑰檔密碼錯誤（或檔案已損毀）。</translation>
    </message>
    <message>
        <source>This file cannot be used: %1</source>
        <translation>此檔案無法使用：%1</translation>
    </message>
</context>
<context>
    <name>ParetoChart</name>
    <message>
        <source>No emission sources</source>
        <translation>無排放源</translation>
    </message>
    <message>
        <source>&gt; 50 %</source>
        <translation>&gt; 50 %</translation>
    </message>
    <message>
        <source>Included (tCO2e)</source>
        <translation>納入（tCO2e）</translation>
    </message>
    <message>
        <source>Excluded</source>
        <translation>排除</translation>
    </message>
    <message>
        <source>Cumulative share</source>
        <translation>累積占比</translation>
    </message>
    <message>
        <source>%1 % threshold</source>
        <translation>%1 % 門檻</translation>
    </message>
</context>
<context>
    <name>PlanningPage</name>
    <message>
        <source>Population</source>
        <translation>母體</translation>
    </message>
    <message>
        <source>Sample plan</source>
        <translation>抽樣計畫</translation>
    </message>
    <message>
        <source>Draw sample…</source>
        <translation>抽取樣本…</translation>
    </message>
    <message>
        <source>Risk assessment (ISO 14064-3 §6.1.2)</source>
        <translation>風險評估（ISO 14064-3 §6.1.2）</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>規模</translation>
    </message>
    <message>
        <source>Inherent risk</source>
        <translation>固有風險</translation>
    </message>
    <message>
        <source>Control risk</source>
        <translation>控制風險</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>風險</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Save risk assessments</source>
        <translation>儲存風險評估</translation>
    </message>
    <message>
        <source>Sample and results</source>
        <translation>樣本與結果</translation>
    </message>
    <message>
        <source>No sample drawn yet: choose a population and “Draw sample…”.</source>
        <translation>尚未抽樣：請選擇母體，再按「抽取樣本…」。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <source>tCO2e</source>
        <translation>tCO2e</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>關鍵</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Error tCO2e</source>
        <translation>誤差（tCO2e）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Save results</source>
        <translation>儲存結果</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n 列</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 位元組</translation>
    </message>
    <message>
        <source>Significant: needs a risk assessment</source>
        <translation>重要項目：須評估風險</translation>
    </message>
    <message>
        <source>why (required)</source>
        <translation>理由（必填）</translation>
    </message>
    <message>
        <source>%1 of %2 assessed</source>
        <translation>已評估 %1／%2 項</translation>
    </message>
    <message>
        <source>every significant item (bold) is assessed</source>
        <translation>所有重要項目（粗體）均已評估</translation>
    </message>
    <message>
        <source>%1 significant item(s) (bold) still to assess</source>
        <translation>尚有 %1 個重要項目（粗體）待評估</translation>
    </message>
    <message>
        <source>%1 · %2 · seed %3</source>
        <translation>%1 · %2 · 亂數種子 %3</translation>
    </message>
    <message>
        <source>monetary-unit sampling (systematic, random start)</source>
        <translation>貨幣單位抽樣（系統抽樣，隨機起點）</translation>
    </message>
    <message>
        <source>random selection</source>
        <translation>隨機抽選</translation>
    </message>
    <message>
        <source>%1 items%2 · %3 · materiality %4 t, performance materiality %5 t · key items %6 · sample size %7 · seed %8</source>
        <translation>母體 %1 項%2 · %3 · 重大性 %4 公噸，執行重大性 %5 公噸 · 關鍵項目 %6 項 · 樣本數 %7 · 亂數種子 %8</translation>
    </message>
    <message>
        <source>key</source>
        <translation>關鍵</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>未測試</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>相符</translation>
    </message>
    <message>
        <source>error</source>
        <translation>有誤差</translation>
    </message>
    <message>
        <source>results missing for %1 item(s)</source>
        <translation>尚有 %1 個項目未記錄結果</translation>
    </message>
    <message>
        <source>above the performance materiality: record it as a misstatement</source>
        <translation>超過執行重大性：應記錄為不實陳述</translation>
    </message>
    <message>
        <source>within the performance materiality</source>
        <translation>在執行重大性以內</translation>
    </message>
    <message>
        <source>Tested %1 of %2, %3 error(s). Projected misstatement %4 tCO2e (upper limit %5) against the performance materiality %6 t: %7.</source>
        <translation>已測試 %1／%2 項，%3 項有誤差。推估不實陳述 %4 tCO2e（上限 %5），執行重大性 %6 公噸：%7。</translation>
    </message>
    <message>
        <source>Cannot save the risk assessment</source>
        <translation>無法儲存風險評估</translation>
    </message>
    <message>
        <source>Cannot draw the sample</source>
        <translation>無法抽取樣本</translation>
    </message>
    <message>
        <source>Cannot save the result</source>
        <translation>無法儲存結果</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好設定</translation>
    </message>
    <message>
        <source>as it appears in the audit trail</source>
        <translation>將記錄於稽核軌跡</translation>
    </message>
    <message>
        <source>Lead verifier</source>
        <translation>主導查證員</translation>
    </message>
    <message>
        <source>Verifier</source>
        <translation>查證員</translation>
    </message>
    <message>
        <source>Technical expert</source>
        <translation>技術專家</translation>
    </message>
    <message>
        <source>Independent reviewer</source>
        <translation>獨立審查員</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>依系統設定</translation>
    </message>
    <message>
        <source>A new language takes effect at once: the window is rebuilt on the same file.</source>
        <translation>新語言立即生效：視窗會在同一檔案上重新建立。</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Your role</source>
        <translation>您的角色</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Recent files</source>
        <translation>最近開啟的檔案</translation>
    </message>
    <message>
        <source>Clear recent files</source>
        <translation>清除最近開啟的檔案</translation>
    </message>
    <message>
        <source>Verification body</source>
        <translation>查驗機構</translation>
    </message>
    <message>
        <source>Printed on opinions and reports as the body that issues them. It is recorded in the engagement when the lead verifier signs, so a signed opinion keeps the body as it stood then: a later change here does not alter it.</source>
        <translation>以出具機構之身分印於查證意見書與報告書。主導查證員簽署時即記錄於案件中，已簽署的意見書保留當時的查驗機構資料：日後在此修改不會改變它。</translation>
    </message>
    <message>
        <source>e.g. TAF accredited verification body, No. V012 (ISO 14065)</source>
        <translation>例：TAF 認證查驗機構，編號 V012（ISO 14065）</translation>
    </message>
    <message>
        <source>where opinions are signed, e.g. Taipei</source>
        <translation>意見書簽署地點，例：臺北</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Accreditation</source>
        <translation>認證</translation>
    </message>
    <message>
        <source>Place of issue</source>
        <translation>簽發地點</translation>
    </message>
    <message>
        <source>Cannot save the verification body</source>
        <translation>無法儲存查驗機構資料</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>VeriDesk</source>
        <translation>VeriDesk</translation>
    </message>
    <message>
        <source>%1 of %2 MiB</source>
        <translation>已讀 %1 / %2 MiB</translation>
    </message>
    <message>
        <source>%1 MiB/s</source>
        <translation>每秒 %1 MiB</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>約剩 %1 秒</translation>
    </message>
</context>
<context>
    <name>RaiseFindingDialog</name>
    <message>
        <source>Raise finding</source>
        <extracomment>what an undoable answer change sets: response, note, evidence, override reason</extracomment>
        <translation>開立發現事項</translation>
    </message>
    <message>
        <source>CL — clarification request</source>
        <translation>CL — 澄清要求</translation>
    </message>
    <message>
        <source>CAR — corrective action request</source>
        <translation>CAR — 矯正措施要求</translation>
    </message>
    <message>
        <source>FAR — forward action request</source>
        <translation>FAR — 後續行動要求</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>標題</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>說明</translation>
    </message>
</context>
<context>
    <name>RecentFilesList</name>
    <message>
        <source>&amp;Remove from list</source>
        <translation>從清單移除(&amp;R)</translation>
    </message>
    <message>
        <source>File not found: %1 (Delete removes it from the list)</source>
        <translation>找不到檔案：%1（按 Delete 可從清單移除）</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>鍵盤快速鍵</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按鍵</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Sign the engagement</source>
        <translation>簽署案件</translation>
    </message>
    <message>
        <source>read from the certificate once the key opens</source>
        <translation>開啟金鑰後自憑證讀取</translation>
    </message>
    <message>
        <source>approved opinion</source>
        <translation>核准查證意見</translation>
    </message>
    <message>
        <source>reviewed</source>
        <translation>已審查</translation>
    </message>
    <message>
        <source>I declare that I have no conflict of interest in this engagement</source>
        <translation>本人聲明與本案件無任何利益衝突</translation>
    </message>
    <message>
        <source>Key file (PKCS#12)</source>
        <translation>金鑰檔（PKCS#12）</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Certificate valid</source>
        <translation>憑證有效期間</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>簽署意義</translation>
    </message>
    <message>
        <source>Choose the key file.</source>
        <translation>請選擇金鑰檔。</translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <translation>檔案 %1 不存在。</translation>
    </message>
    <message>
        <source>Enter the key file&apos;s password.</source>
        <translation>請輸入金鑰檔的密碼。</translation>
    </message>
    <message>
        <source>Printed name</source>
        <translation>簽署人姓名</translation>
    </message>
    <message>
        <source>Import key…</source>
        <translation>匯入金鑰…</translation>
    </message>
    <message>
        <source>Use an existing PKCS#12 key file (.p12, .pfx)</source>
        <translation>使用既有的 PKCS#12 金鑰檔（.p12、.pfx）</translation>
    </message>
    <message>
        <source>Create signing key…</source>
        <translation>建立簽署金鑰…</translation>
    </message>
    <message>
        <source>Create a self-signed key in your name and save it as a PKCS#12 file</source>
        <translation>以您的姓名建立自簽金鑰，並儲存為 PKCS#12 檔案</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>簽署</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>金鑰檔</translation>
    </message>
    <message>
        <source>PKCS#12 (*.p12 *.pfx)</source>
        <translation>PKCS#12 (*.p12 *.pfx)</translation>
    </message>
</context>
<context>
    <name>SignoffPage</name>
    <message>
        <source>Sign-off gate</source>
        <translation>簽署前檢核</translation>
    </message>
    <message>
        <source>Double-click a rule (or press Enter) to go where it is met</source>
        <translation>按兩下規則（或按 Enter）以前往處理之處</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>查證意見</translation>
    </message>
    <message>
        <source>Needed when you depart from the suggestion</source>
        <translation>偏離建議時須填寫</translation>
    </message>
    <message>
        <source>The material misstatement is pervasive</source>
        <translation>重大不實陳述具廣泛性</translation>
    </message>
    <message>
        <source>The evidence is insufficient</source>
        <translation>證據不足</translation>
    </message>
    <message>
        <source>Record opinion</source>
        <translation>記錄查證意見</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建議</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>查證團隊</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所屬機構</translation>
    </message>
    <message>
        <source>Impartiality</source>
        <translation>公正性</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>憑證</translation>
    </message>
    <message>
        <source>Add member…</source>
        <translation>新增成員…</translation>
    </message>
    <message>
        <source>Record impartiality declaration</source>
        <translation>記錄公正性聲明</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>編輯…</translation>
    </message>
    <message>
        <source>Change the selected member&apos;s organisation or impartiality declaration</source>
        <translation>變更所選成員的所屬機構或公正性聲明</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take the selected member off the team</source>
        <translation>將所選成員自團隊移除</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>簽章</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>簽署…</translation>
    </message>
    <message>
        <source>Withdraw lead signature…</source>
        <translation>撤回主導查證員簽章…</translation>
    </message>
    <message>
        <source>Opinion and report</source>
        <translation>查證意見書與報告書</translation>
    </message>
    <message>
        <source>Preview opinion</source>
        <translation>預覽意見書</translation>
    </message>
    <message>
        <source>Export opinion…</source>
        <translation>匯出查證意見…</translation>
    </message>
    <message>
        <source>The report of the work done: team, checklists, findings and their rounds, the recalculation, misstatements and an annex of every document with its SHA-256 (a draft until signed)</source>
        <translation>查證工作之報告：團隊、查核表、發現事項及其往返紀錄、重新計算、不實陳述，以及列出每份文件與其 SHA-256 的附錄（簽署前為草稿）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Open PDF</source>
        <translation>開啟 PDF</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在資料夾中顯示</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>Signed and locked: the engagement can no longer be changed.</source>
        <translation>已簽署並鎖定：本案件不得再變更。</translation>
    </message>
    <message>
        <source>Signed by the lead verifier; waiting for the independent reviewer.</source>
        <translation>主導查證員已簽署；等待獨立審查員簽署。</translation>
    </message>
    <message>
        <source>Ready to sign.</source>
        <translation>可以簽署。</translation>
    </message>
    <message>
        <source>Not ready to sign: %1 of the gate&apos;s rules are not met.</source>
        <translation>尚不能簽署：簽署前檢核有 %1 項未符合。</translation>
    </message>
    <message>
        <source>not declared</source>
        <translation>未聲明</translation>
    </message>
    <message>
        <source>Bound to a certificate when they first sign</source>
        <translation>首次簽署時綁定憑證</translation>
    </message>
    <message>
        <source>The gate must be met first</source>
        <translation>須先符合簽署前檢核</translation>
    </message>
    <message>
        <source>Cannot record the opinion</source>
        <translation>無法記錄查證意見</translation>
    </message>
    <message>
        <source>not bound</source>
        <translation>未綁定</translation>
    </message>
    <message>
        <source>Cannot add the member</source>
        <translation>無法新增成員</translation>
    </message>
    <message>
        <source>The team can no longer change: the lead verifier has signed</source>
        <translation>團隊已無法變更：主導查證員已簽署</translation>
    </message>
    <message>
        <source>Cannot change the member</source>
        <translation>無法變更成員</translation>
    </message>
    <message>
        <source>Remove team member</source>
        <translation>移除團隊成員</translation>
    </message>
    <message>
        <source>Remove %1 (%2) from the team? The removal is recorded in the audit trail.</source>
        <translation>要將 %1（%2）自團隊移除嗎？此移除將記錄於稽核軌跡。</translation>
    </message>
    <message>
        <source>Cannot remove the member</source>
        <translation>無法移除成員</translation>
    </message>
    <message>
        <source>Cannot record the declaration</source>
        <translation>無法記錄聲明</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>正在簽署…</translation>
    </message>
    <message>
        <source>Cannot sign</source>
        <translation>無法簽署</translation>
    </message>
    <message>
        <source>Withdraw lead signature</source>
        <translation>撤回主導查證員簽章</translation>
    </message>
    <message>
        <source>Why? (recorded in the audit trail)</source>
        <translation>理由？（將記錄於稽核軌跡）</translation>
    </message>
    <message>
        <source>Cannot withdraw</source>
        <translation>無法撤回</translation>
    </message>
    <message>
        <source>Cannot render the opinion</source>
        <translation>無法產生查證意見書</translation>
    </message>
    <message>
        <source>Rendering the opinion…</source>
        <translation>正在產生意見書…</translation>
    </message>
    <message>
        <source>Preview needs pypdfium2; use Export PDF.</source>
        <translation>預覽需要 pypdfium2，請使用「匯出 PDF」。</translation>
    </message>
    <message>
        <source>Export opinion</source>
        <translation>匯出查證意見</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Exporting the opinion…</source>
        <translation>正在匯出意見書…</translation>
    </message>
    <message>
        <source>Opinion written to %1</source>
        <translation>意見書已寫入 %1</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>無法開啟</translation>
    </message>
    <message>
        <source>%1 could not be opened: no program to open PDF files was found, or the file was moved.</source>
        <translation>無法開啟 %1：找不到可開啟 PDF 檔案的程式，或檔案已被移動。</translation>
    </message>
    <message>
        <source>The folder %1 could not be opened.</source>
        <translation>無法開啟資料夾 %1。</translation>
    </message>
    <message>
        <source>Export validation report…</source>
        <translation>匯出確證報告書…</translation>
    </message>
    <message>
        <source>Export verification report…</source>
        <translation>匯出查證報告書…</translation>
    </message>
    <message>
        <source>Export validation report</source>
        <translation>匯出確證報告書</translation>
    </message>
    <message>
        <source>Export verification report</source>
        <translation>匯出查證報告書</translation>
    </message>
    <message>
        <source>Cannot export the report</source>
        <translation>無法匯出報告書</translation>
    </message>
    <message>
        <source>Exporting the report…</source>
        <translation>正在匯出報告書…</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>報告書已寫入 %1</translation>
    </message>
</context>
<context>
    <name>SpiderChart</name>
    <message>
        <source>No sensitivity analysis</source>
        <translation>無敏感度分析</translation>
    </message>
    <message>
        <source>Change of the variable (shaded: the tested range ±%1 %)</source>
        <translation>變數之變動幅度（陰影：測試範圍 ±%1 %）</translation>
    </message>
    <message>
        <source>Benchmark %1 %</source>
        <translation>基準 %1 %</translation>
    </message>
</context>
<context>
    <name>TablePane</name>
    <message>
        <source>Filter rows (Ctrl+F)…</source>
        <translation>篩選資料列（Ctrl+F）…</translation>
    </message>
    <message>
        <source>All columns</source>
        <translation>所有欄位</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>篩選：</translation>
    </message>
    <message>
        <source>in</source>
        <translation>欄位</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Excluded from the footprint</source>
        <translation>未納入碳足跡</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n 列</numerusform>
        </translation>
    </message>
    <message>
        <source>Sorting and filtering…</source>
        <translation>正在排序與篩選…</translation>
    </message>
</context>
<context>
    <name>TimeSeriesChart</name>
    <message>
        <source>No dated readings to draw</source>
        <translation>無附日期的讀值可繪製</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>讀值</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>缺漏</translation>
    </message>
    <message>
        <source>Outlier</source>
        <translation>離群值</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重複</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>儀表容量</translation>
    </message>
    <message>
        <source>Calibration valid</source>
        <translation>校正有效期間</translation>
    </message>
    <message>
        <source>Outside calibration</source>
        <translation>校正期間外</translation>
    </message>
</context>
<context>
    <name>ValidationPage</name>
    <message>
        <source>Investment analysis (CDM Tool 01, step 2)</source>
        <translation>投資分析（CDM 工具 01，步驟 2）</translation>
    </message>
    <message>
        <source>Recomputed IRR</source>
        <translation>重新計算之內部報酬率</translation>
    </message>
    <message>
        <source>IRR stated in the PDD</source>
        <translation>專案計畫書所載內部報酬率</translation>
    </message>
    <message>
        <source>Benchmark</source>
        <translation>基準報酬率</translation>
    </message>
    <message>
        <source>NPV at the benchmark</source>
        <translation>以基準報酬率折現之淨現值</translation>
    </message>
    <message>
        <source>Benchmark source</source>
        <translation>基準來源</translation>
    </message>
    <message>
        <source>Capital expenditure</source>
        <translation>資本支出</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Operating cost</source>
        <translation>營運成本</translation>
    </message>
    <message>
        <source>Running the checks…</source>
        <translation>正在執行檢核…</translation>
    </message>
    <message>
        <source>No investment analysis for this engagement.</source>
        <translation>本案件無投資分析。</translation>
    </message>
    <message>
        <source>This engagement has no investment analysis: a validation&apos;s dossier may give one in investment.csv with [investment] in the manifest.</source>
        <translation>本案件無投資分析：確證案件的送審資料可於 investment.csv 提供，並在案卷清單中列出 [investment]。</translation>
    </message>
    <message>
        <source>The investment analysis belongs to a validation; this engagement is not one.</source>
        <translation>投資分析屬於確證；本案件並非確證案件。</translation>
    </message>
    <message>
        <source>none (the cash flows have no IRR)</source>
        <translation>不存在（現金流量無內部報酬率）</translation>
    </message>
    <message>
        <source>not unique: %1</source>
        <translation>不唯一：%1</translation>
    </message>
    <message>
        <source>%1 (agrees)</source>
        <translation>%1（相符）</translation>
    </message>
    <message>
        <source>%1 (differs by %2 points: it does not follow from the cash flows)</source>
        <translation>%1（相差 %2 個百分點：無法由現金流量導出）</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>變數</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>IRR at −%1 %</source>
        <translation>變動 −%1 % 之內部報酬率</translation>
    </message>
    <message>
        <source>IRR at +%1 %</source>
        <translation>變動 +%1 % 之內部報酬率</translation>
    </message>
    <message>
        <source>Break-even change</source>
        <translation>達到基準之臨界變動</translation>
    </message>
    <message>
        <source>beyond −90 % … +300 %</source>
        <translation>超出 −90 % … +300 %</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Capex</source>
        <translation>資本支出</translation>
    </message>
    <message>
        <source>Opex</source>
        <translation>營運成本</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Net cash flow</source>
        <translation>淨現金流量</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>Unexpected error: %1</source>
        <translation>發生未預期的錯誤：%1</translation>
    </message>
</context>
<context>
    <name>figures</name>
    <message>
        <source>Actual annual reductions (tCO2e)</source>
        <extracomment>what the computed checks&apos; figures are called (keys the engine uses → labels)</extracomment>
        <translation>實際年減量（tCO2e）</translation>
    </message>
    <message>
        <source>Actual scale class</source>
        <translation>實際規模類別</translation>
    </message>
    <message>
        <source>Annual reductions (tCO2e)</source>
        <translation>年減量（tCO2e）</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>基準</translation>
    </message>
    <message>
        <source>Coverage of the basis (%)</source>
        <translation>該基準之涵蓋率（%）</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已檢核</translation>
    </message>
    <message>
        <source>Claimed (tCO2e)</source>
        <translation>宣告量（tCO2e）</translation>
    </message>
    <message>
        <source>Scale class</source>
        <translation>規模類別</translation>
    </message>
    <message>
        <source>Units converted</source>
        <translation>已換算單位</translation>
    </message>
    <message>
        <source>Coverage (%)</source>
        <translation>涵蓋率（%）</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Declaration date</source>
        <translation>宣告日期</translation>
    </message>
    <message>
        <source>Difference (%)</source>
        <translation>差異（%）</translation>
    </message>
    <message>
        <source>Difference (tCO2e)</source>
        <translation>差異（tCO2e）</translation>
    </message>
    <message>
        <source>Disagreeing</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>Earliest vintage allowed</source>
        <translation>最早可接受之額度年份</translation>
    </message>
    <message>
        <source>Retired early</source>
        <translation>提前註銷</translation>
    </message>
    <message>
        <source>Eligible (tCO2e)</source>
        <translation>合格量（tCO2e）</translation>
    </message>
    <message>
        <source>Excluded sources</source>
        <translation>排除的排放源</translation>
    </message>
    <message>
        <source>Excluded (tCO2e)</source>
        <translation>排除量（tCO2e）</translation>
    </message>
    <message>
        <source>Other beneficiaries</source>
        <translation>其他受益者</translation>
    </message>
    <message>
        <source>Included (tCO2e)</source>
        <translation>納入量（tCO2e）</translation>
    </message>
    <message>
        <source>Largest source&apos;s share (%)</source>
        <translation>最大排放源占比（%）</translation>
    </message>
    <message>
        <source>Largest source</source>
        <translation>最大排放源</translation>
    </message>
    <message>
        <source>Retired late</source>
        <translation>逾期註銷</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Mismatches</source>
        <translation>不相符</translation>
    </message>
    <message>
        <source>Without a reason</source>
        <translation>未說明理由</translation>
    </message>
    <message>
        <source>Misstatement (%)</source>
        <translation>不實陳述（%）</translation>
    </message>
    <message>
        <source>Misstatement (tCO2e)</source>
        <translation>不實陳述（tCO2e）</translation>
    </message>
    <message>
        <source>Without an estimate</source>
        <translation>無估算</translation>
    </message>
    <message>
        <source>Not retired</source>
        <translation>未註銷</translation>
    </message>
    <message>
        <source>Oldest vintage</source>
        <translation>最早額度年份</translation>
    </message>
    <message>
        <source>Overlaps</source>
        <translation>重疊</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>已讀取</translation>
    </message>
    <message>
        <source>Recalculated (tCO2e)</source>
        <translation>重算量（tCO2e）</translation>
    </message>
    <message>
        <source>Removals (tCO2e)</source>
        <translation>移除量（tCO2e）</translation>
    </message>
    <message>
        <source>Reported (tCO2e)</source>
        <translation>申報量（tCO2e）</translation>
    </message>
    <message>
        <source>Required (tCO2e)</source>
        <translation>所需量（tCO2e）</translation>
    </message>
    <message>
        <source>Retired (tCO2e)</source>
        <translation>已註銷量（tCO2e）</translation>
    </message>
    <message>
        <source>Scope 3 categories above 1 %</source>
        <translation>超過 1 % 的範疇三類別</translation>
    </message>
    <message>
        <source>Shortfall (tCO2e)</source>
        <translation>不足量（tCO2e）</translation>
    </message>
    <message>
        <source>Threshold (%)</source>
        <translation>門檻（%）</translation>
    </message>
    <message>
        <source>Total (tCO2e)</source>
        <translation>總量（tCO2e）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>單位</translation>
    </message>
    <message>
        <source>Unit problems</source>
        <translation>單位問題</translation>
    </message>
    <message>
        <source>Unreadable</source>
        <translation>無法讀取</translation>
    </message>
    <message>
        <source>Window (years)</source>
        <translation>期間（年）</translation>
    </message>
    <message>
        <source>Without units</source>
        <translation>無單位</translation>
    </message>
</context>
<context>
    <name>help</name>
    <message>
        <source>(no description)</source>
        <translation>（無說明）</translation>
    </message>
    <message>
        <source>&lt;b&gt;VeriDesk&lt;/b&gt; %1&lt;br&gt;An offline workbench for greenhouse-gas verification and validation.&lt;br&gt;Engagement files are self-contained SQLite files.</source>
        <translation>&lt;b&gt;VeriDesk&lt;/b&gt; %1&lt;br&gt;溫室氣體查證與確證的離線工作平台。&lt;br&gt;案件檔為自成一體的 SQLite 檔案。</translation>
    </message>
    <message>
        <source>About VeriDesk</source>
        <translation>關於 VeriDesk</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>鍵盤快速鍵(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>使用指南(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;About VeriDesk</source>
        <translation>關於 VeriDesk(&amp;A)</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Coverage of the footprint</source>
        <translation>碳足跡涵蓋率</translation>
    </message>
    <message>
        <source>Scope 1 and 2 included</source>
        <translation>範疇一、二皆已納入</translation>
    </message>
    <message>
        <source>Activity × factor recalculation</source>
        <translation>活動數據 × 係數重新計算</translation>
    </message>
    <message>
        <source>Exclusions justified</source>
        <translation>排除理由</translation>
    </message>
    <message>
        <source>Reported footprint</source>
        <translation>申報碳足跡</translation>
    </message>
    <message>
        <source>Credit serial numbers</source>
        <translation>額度序號</translation>
    </message>
    <message>
        <source>Credit quantities</source>
        <translation>額度數量</translation>
    </message>
    <message>
        <source>Double counting</source>
        <translation>重複計算</translation>
    </message>
    <message>
        <source>Credit vintages</source>
        <translation>額度年份</translation>
    </message>
    <message>
        <source>Retirement dates</source>
        <translation>註銷日期</translation>
    </message>
    <message>
        <source>Retirement beneficiary</source>
        <translation>註銷受益者</translation>
    </message>
    <message>
        <source>Credits sufficient</source>
        <translation>額度充足性</translation>
    </message>
    <message>
        <source>Registry records agree</source>
        <translation>登錄處紀錄相符</translation>
    </message>
    <message>
        <source>Corresponding adjustment as registered</source>
        <translation>相應調整與登錄處紀錄相符</translation>
    </message>
    <message>
        <source>CCP label where required</source>
        <translation>須具 CCP 標籤者皆具標籤</translation>
    </message>
    <message>
        <source>VCMI claim tier</source>
        <translation>VCMI 宣告等級</translation>
    </message>
    <message>
        <source>Project scale</source>
        <translation>專案規模</translation>
    </message>
    <message>
        <source>Crediting period</source>
        <translation>計入期</translation>
    </message>
    <message>
        <source>IRR recalculated</source>
        <translation>內部報酬率重新計算</translation>
    </message>
    <message>
        <source>IRR against the benchmark</source>
        <translation>內部報酬率與基準比較</translation>
    </message>
    <message>
        <source>Sensitivity analysis</source>
        <translation>敏感度分析</translation>
    </message>
    <message>
        <source>Materiality threshold</source>
        <translation>重大性門檻</translation>
    </message>
    <message>
        <source>Emission reductions recalculated</source>
        <translation>減量重新計算</translation>
    </message>
    <message>
        <source>Ex-ante estimate recalculated</source>
        <translation>事前估算重新計算</translation>
    </message>
    <message>
        <source>Duplicate readings</source>
        <translation>重複讀值</translation>
    </message>
    <message>
        <source>Missing readings</source>
        <translation>缺漏讀值</translation>
    </message>
    <message>
        <source>Outliers and capacity</source>
        <translation>離群值與儀表容量</translation>
    </message>
    <message>
        <source>Meter calibration</source>
        <translation>儀表校正</translation>
    </message>
    <message>
        <source>Risk assessment</source>
        <translation>風險評估</translation>
    </message>
    <message>
        <source>Sampling plan and results</source>
        <translation>抽樣計畫與結果</translation>
    </message>
    <message>
        <source>Aggregate misstatement</source>
        <translation>累計不實陳述</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通過</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不通過</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不適用</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>確證</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>查證</translation>
    </message>
    <message>
        <source>Carbon-neutrality verification</source>
        <translation>碳中和宣告查證</translation>
    </message>
    <message>
        <source>reasonable assurance</source>
        <translation>合理保證</translation>
    </message>
    <message>
        <source>limited assurance</source>
        <translation>有限保證</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Under review</source>
        <translation>審查中</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已簽署</translation>
    </message>
    <message>
        <source>Execution</source>
        <translation>執行</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>審查</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>排放源</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>範疇</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>說明</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>活動數據</translation>
    </message>
    <message>
        <source>Activity unit</source>
        <translation>活動數據單位</translation>
    </message>
    <message>
        <source>Emission factor</source>
        <translation>排放係數</translation>
    </message>
    <message>
        <source>Factor unit</source>
        <translation>係數單位</translation>
    </message>
    <message>
        <source>tCO2e</source>
        <translation>tCO2e</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>納入</translation>
    </message>
    <message>
        <source>Exclusion reason</source>
        <translation>排除理由</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>佐證</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>單位</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>儀表</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>登錄處</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序號</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>數量</translation>
    </message>
    <message>
        <source>Vintage</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>專案</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>類型</translation>
    </message>
    <message>
        <source>Retired on</source>
        <translation>註銷日期</translation>
    </message>
    <message>
        <source>Beneficiary</source>
        <translation>受益者</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>CCP label</source>
        <translation>CCP 標籤</translation>
    </message>
    <message>
        <source>CORSIA</source>
        <translation>CORSIA</translation>
    </message>
    <message>
        <source>Corresponding adjustment</source>
        <translation>相應調整</translation>
    </message>
    <message>
        <source>Methodology</source>
        <translation>方法學</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>國家</translation>
    </message>
    <message>
        <source>Certifications</source>
        <translation>其他認證</translation>
    </message>
    <message>
        <source>Calibrated on</source>
        <translation>校正日期</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期限</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>準確度（%）</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Coverage</source>
        <translation>涵蓋率</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>減量額度</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>數據</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>佐證</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>總覽</translation>
    </message>
    <message>
        <source>Checklists</source>
        <translation>查核表</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>發現事項</translation>
    </message>
    <message>
        <source>Sign-off</source>
        <translation>簽署</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>監測數據</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>規劃</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>確證</translation>
    </message>
</context>
<context>
    <name>phase</name>
    <message>
        <source>Reading the tables</source>
        <translation>正在讀取表格</translation>
    </message>
    <message>
        <source>Storing the evidence</source>
        <translation>正在儲存佐證</translation>
    </message>
    <message>
        <source>Loading the data</source>
        <translation>正在載入數據</translation>
    </message>
    <message>
        <source>Reading the registry export</source>
        <translation>正在讀取登錄處匯出檔</translation>
    </message>
    <message>
        <source>Storing the registry records</source>
        <translation>正在儲存登錄處紀錄</translation>
    </message>
    <message>
        <source>Sealing the record</source>
        <translation>正在封存紀錄</translation>
    </message>
    <message>
        <source>Laying out the opinion</source>
        <translation>正在排版意見書</translation>
    </message>
    <message>
        <source>Laying out the report</source>
        <translation>正在排版報告書</translation>
    </message>
    <message>
        <source>Drawing the pages</source>
        <translation>正在繪製頁面</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>處理中…</translation>
    </message>
</context>
<context>
    <name>planning</name>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>inventory sources</source>
        <translation>排放源</translation>
    </message>
    <message>
        <source>monitoring records</source>
        <translation>監測紀錄</translation>
    </message>
    <message>
        <source>evidence files</source>
        <translation>佐證檔案</translation>
    </message>
</context>
</TS>
