"""Pure: FAQ files (CSV in UTF-8 with or without BOM or Shift_JIS/CP932, and JSON) read, checked and written.

Reading is all-or-nothing: every bad row is reported (row number and reason, in Japanese) and no FAQ is
returned unless all rows are good. Row numbers are those staff see in Excel: the header is row 1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from bot.faq.model import FIELDS, Faq

REQUIRED = ("id", "question", "answer")

HEADER_NAMES: dict[str, str] = {
    "id": "id", "番号": "id", "faq_id": "id",
    "question": "question", "質問": "question",
    "answer": "answer", "回答": "answer",
    "category": "category", "分類": "category", "カテゴリ": "category",
    "department": "department", "担当課": "department", "担当": "department",
    "phone": "phone", "電話番号": "phone", "電話": "phone",
    "url": "url", "リンク": "url",
    "aliases": "aliases", "言い換え": "aliases", "別の聞き方": "aliases",
}
"""Column headers we understand: the English names we export, and Japanese ones staff may type."""

ALIAS_SEPARATOR = "|"
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
"""IDs travel in postback data (`faq:a:{id}`, ≤300 characters), so they are short and plain."""
MAX_URL = 1000
"""LINE's URI action limit."""
MAX_QUESTION = 200


class FaqFileError(Exception):
    """A file that cannot be imported, with every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str | list]


def read_faqs(data: bytes, filename: str) -> list[Faq]:
    """Parse and check a CSV or JSON file; raise FaqFileError listing every problem."""
    rows = _json_rows(data) if filename.lower().endswith(".json") else _csv_rows(data)
    return _checked(rows)


def _decode(data: bytes) -> str:
    """UTF-8 (BOM or not) when most text lines are UTF-8, else CP932; bad bytes become lone surrogates."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = [line for line in data.splitlines() if any(byte >= 0x80 for byte in line)]
    bad_utf8 = sum(1 for line in lines if not _decodes(line, "utf-8"))
    encoding = "utf-8" if bad_utf8 * 2 <= len(lines) else "cp932"
    return data.decode(encoding, errors="surrogateescape")


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(data: bytes) -> list[Row]:
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise FaqFileError(["ファイルが空です (1 行目に見出しが必要です)"])
    names = [HEADER_NAMES.get(cell.strip().lower()) for cell in header]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise FaqFileError([f"1 行目: 必要な列がありません: {', '.join(missing)} (見出しは {', '.join(FIELDS)})"])
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cell for name, cell in zip(names, cells) if name}
        if len(cells) > len(names):
            values["_extra"] = "列が見出しより多くあります (値にカンマを含む場合は \" で囲んでください)"
        rows.append(Row(number, values))
    return rows


def _json_rows(data: bytes) -> list[Row]:
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FaqFileError(["JSON ファイルは UTF-8 で保存してください"]) from None
    except json.JSONDecodeError as error:
        raise FaqFileError([f"{error.lineno} 行目: JSON の書式が正しくありません ({error.msg})"]) from None
    if not isinstance(items, list):
        raise FaqFileError(["JSON は FAQ の配列 ([{...}, ...]) にしてください"])
    rows = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            rows.append(Row(number, {"_extra": "オブジェクト ({...}) ではありません"}))
            continue
        rows.append(Row(number, {HEADER_NAMES.get(key, key): value for key, value in item.items()}))
    return rows


def _checked(rows: list[Row]) -> list[Faq]:
    problems: list[str] = []
    faqs: list[Faq] = []
    first_row_of: dict[str, int] = {}
    for row in rows:
        reasons = _row_problems(row.values)
        faq_id = _text(row.values.get("id"))
        if faq_id in first_row_of:
            reasons.append(f"id「{faq_id}」が {first_row_of[faq_id]} 行目と重複しています")
        first_row_of.setdefault(faq_id, row.number)
        problems.extend(f"{row.number} 行目: {reason}" for reason in reasons)
        if not reasons:
            faqs.append(_faq(row.values))
    if not rows:
        problems.append("FAQ が 1 件もありません")
    if problems:
        raise FaqFileError(problems)
    return faqs


def _row_problems(values: dict) -> list[str]:
    reasons = [values["_extra"]] if "_extra" in values else []
    if any("\udc80" <= char <= "\udcff" for value in values.values() for char in str(value)):
        reasons.append("文字化けしています (UTF-8 または Shift_JIS で保存してください)")
    faq_id, question, answer, url = (_text(values.get(name)) for name in ("id", "question", "answer", "url"))
    if not faq_id:
        reasons.append("id が空です")
    elif not ID_PATTERN.match(faq_id):
        reasons.append(f"id「{faq_id}」は使えません (半角英数字と _ . - で 64 文字まで)")
    if not question:
        reasons.append("質問 (question) が空です")
    elif len(question) > MAX_QUESTION:
        reasons.append(f"質問が長すぎます ({len(question)} 文字、{MAX_QUESTION} 文字まで)")
    if not answer:
        reasons.append("回答 (answer) が空です")
    if url and not url.startswith("https://"):
        reasons.append(f"URL は https:// で始まるものにしてください (LINE で安全に開けるように): {url[:60]}")
    elif len(url) > MAX_URL:
        reasons.append(f"URL が長すぎます ({MAX_URL} 文字まで)")
    return reasons


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value).strip())


def _aliases(value) -> tuple[str, ...]:
    parts = value if isinstance(value, list) else _text(value).split(ALIAS_SEPARATOR)
    return tuple(alias for alias in (_text(part) for part in parts) if alias)


def _faq(values: dict) -> Faq:
    fields = {name: _text(values.get(name)) for name in FIELDS if name != "aliases"}
    return Faq(**fields, aliases=_aliases(values.get("aliases")))


def write_faqs(faqs: list[Faq], filename: str) -> bytes:
    """CSV (UTF-8 with BOM, so Excel shows Japanese correctly) or JSON, by the file name's extension."""
    if filename.lower().endswith(".json"):
        items = [{**{name: getattr(faq, name) for name in FIELDS}, "aliases": list(faq.aliases)} for faq in faqs]
        return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for faq in faqs:
        writer.writerow([*(getattr(faq, name) for name in FIELDS[:-1]), ALIAS_SEPARATOR.join(faq.aliases)])
    return out.getvalue().encode("utf-8-sig")
