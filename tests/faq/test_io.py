import json

import pytest

from bot.faq.io import FaqFileError, read_faqs, write_faqs

HEADER = "id,question,answer,category,department,phone,url,aliases\n"
GOOD = "a1,ごみの日は？,週2回です。,ごみ,環境課,0000-00-0001,https://example.jp/gomi,ゴミの日|収集日\n"


def problems(data: bytes, filename: str = "faq.csv") -> list[str]:
    with pytest.raises(FaqFileError) as raised:
        read_faqs(data, filename)
    return raised.value.problems


def test_a_good_csv_is_read_with_aliases():
    [faq] = read_faqs((HEADER + GOOD).encode(), "faq.csv")
    assert (faq.id, faq.question, faq.department) == ("a1", "ごみの日は？", "環境課")
    assert faq.aliases == ("ゴミの日", "収集日")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_excel_encodings_are_accepted(encoding):
    [faq] = read_faqs((HEADER + GOOD).encode(encoding), "faq.csv")
    assert faq.answer == "週2回です。"


def test_japanese_headers_are_accepted():
    [faq] = read_faqs("番号,質問,回答\nb2,住民票は？,市民課です。\n".encode(), "faq.csv")
    assert faq.id == "b2"


def test_bad_encoding_is_reported_with_its_row():
    data = (HEADER + GOOD).encode() + "a2,質問,".encode() + b"\xff\xfe\xfa" + "回答\n".encode()
    assert problems(data) == ["3 行目: 文字化けしています (UTF-8 または Shift_JIS で保存してください)"]


def test_missing_columns_are_reported():
    [problem] = problems("id,question\na1,ごみの日は？\n".encode())
    assert problem.startswith("1 行目: 必要な列がありません: answer")


def test_every_bad_row_is_reported_and_nothing_is_returned():
    rows = [
        GOOD,
        "a1,重複した質問,回答です。,,,,,\n",                 # duplicate id
        "a3,空の回答,,,,,,\n",                               # empty answer
        "a4,,回答です。,,,,,\n",                             # empty question
        "a5,質問,回答,,,,http://example.jp/insecure,\n",     # not HTTPS
        ",質問,回答,,,,,\n",                                 # empty id
    ]
    assert problems((HEADER + "".join(rows)).encode()) == [
        "3 行目: id「a1」が 2 行目と重複しています",
        "4 行目: 回答 (answer) が空です",
        "5 行目: 質問 (question) が空です",
        "6 行目: URL は https:// で始まるものにしてください (LINE で安全に開けるように): http://example.jp/insecure",
        "7 行目: id が空です",
    ]


def test_row_numbers_count_records_as_excel_does():
    data = HEADER + '"m1","複数行の\n質問","回答",,,,,\n' + "m2,質問,,,,,,\n"
    assert problems(data.encode()) == ["3 行目: 回答 (answer) が空です"]


def test_an_empty_file_is_refused():
    assert problems(b"") == ["ファイルが空です (1 行目に見出しが必要です)"]
    assert problems(HEADER.encode()) == ["FAQ が 1 件もありません"]


def test_json_is_read_and_its_items_numbered():
    items = [{"id": "j1", "question": "質問", "answer": "回答", "aliases": ["言い換え"]},
             {"id": "j2", "question": "質問2", "answer": ""}]
    assert problems(json.dumps(items).encode(), "faq.json") == ["2 行目: 回答 (answer) が空です"]
    [faq] = read_faqs(json.dumps(items[:1]).encode(), "faq.json")
    assert faq.aliases == ("言い換え",)


@pytest.mark.parametrize("filename", ["out.csv", "out.json"])
def test_export_then_import_gives_the_same_faqs(sample_faqs, filename):
    data = write_faqs(sample_faqs, filename)
    assert read_faqs(data, filename) == sample_faqs


def test_csv_export_has_a_bom_for_excel(sample_faqs):
    assert write_faqs(sample_faqs, "out.csv").startswith(b"\xef\xbb\xbf")
