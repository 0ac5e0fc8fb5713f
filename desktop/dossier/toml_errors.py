"""tomllib's syntax errors in the user's language, with their line and column."""

from __future__ import annotations

import re

_WHERE = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")

# tomllib's messages (CPython 3.11–3.13) -> Traditional Chinese
_ZH = {
    "Invalid value": "值無效",
    "Invalid statement": "敘述無效",
    "Cannot overwrite a value": "重複定義同一個鍵",
    "Cannot declare": "無法宣告（與既有定義衝突）",
    "Unterminated string": "字串未結束（缺少結尾引號）",
    "Expected newline or end of document after a statement": "一行只能有一個敘述",
    "Expected '=' after a key in a key/value pair": "鍵之後缺少「=」",
    "Expected ']' at the end of a table declaration": "表格宣告缺少結尾「]」",
    "Expected ']]' at the end of an array declaration": "陣列表格宣告缺少結尾「]]」",
    "Unclosed array": "陣列未結束（缺少「]」）",
    "Unclosed inline table": "行內表格未結束（缺少「}」）",
    "Invalid date or datetime": "日期或時間無效",
    "Illegal character": "含不允許的字元",
    "Found invalid character in key name": "鍵名含無效字元",
}


def describe(error: Exception, lang: str) -> str:
    """The error's text in ``lang`` with where it happened (line and column, or the end)."""
    text = str(error)
    m = _WHERE.search(text)
    message = text[:m.start()] if m else text
    if lang != "zh-TW":
        return text
    for english, chinese in _ZH.items():
        if message.startswith(english):
            message = chinese + message[len(english):]
            break
    if m is None:
        return message
    if m.group(1):
        return f"{message}（第 {m.group(1)} 行，第 {m.group(2)} 欄）"
    return f"{message}（於檔案結尾）"


class TomlSyntax:
    """A TOML syntax error as a message parameter, shown in the message's language."""

    def __init__(self, error: Exception):
        self.error = error

    def localized(self, zh: bool) -> str:
        return describe(self.error, "zh-TW" if zh else "en")

    def __str__(self) -> str:
        return str(self.error)
