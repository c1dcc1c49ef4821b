"""The FAQ pages: import with row errors, add and edit keeping what was typed, search, gaps to FAQs and aliases."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import audit
from bot.faq import gaps, store
from tests.admin.conftest import csrf_token

GOOD_CSV = ("id,question,answer,category,department,phone,url,aliases\r\n"
            "gomi-1,粗大ごみの出し方,粗大ごみは予約してから出してください。,ごみ,環境課,0000-00-0001,"
            "https://www.city.hikaridai.example.jp/gomi,大きいごみ\r\n"
            "juminhyo-1,住民票をコンビニで取りたい,マイナンバーカードがあればコンビニで取れます。,戸籍・住民票,市民課,,,\r\n")


def upload(client, content: bytes, name: str):
    token = csrf_token(client, "/admin/faq/import")
    return client.post("/admin/faq/import", data={"csrf_token": token, "file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_a_good_file_replaces_the_faq_set(client, redis, as_staff):
    as_staff("writer")
    response = upload(client, GOOD_CSV.encode("utf-8-sig"), "faq.csv")
    assert response.status_code == 302
    assert [faq.id for faq in store.load(redis).faqs] == ["gomi-1", "juminhyo-1"]
    assert audit.entries(redis, count=1)[0].action == "faq.import"


def test_a_shift_jis_file_from_excel_is_read(client, redis, as_staff):
    as_staff("writer")
    assert upload(client, GOOD_CSV.encode("cp932"), "faq.csv").status_code == 302
    assert store.get_faq(redis, "gomi-1").department == "環境課"


def test_bad_rows_are_listed_and_nothing_changes(client, redis, as_staff):
    as_staff("writer")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    version = store.current_version(redis)
    bad = GOOD_CSV + "gomi-1,重複,,,,,http://insecure.example/,\r\n"
    html = upload(client, bad.encode(), "faq.csv").get_data(as_text=True)
    assert "4 行目" in html and "重複" in html and "回答 (answer) が空です" in html and "https://" in html
    assert store.current_version(redis) == version


def test_a_writer_adds_an_faq_and_it_answers_at_once(client, redis, as_staff):
    as_staff("writer")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    token = csrf_token(client, "/admin/faq/new")
    response = client.post("/admin/faq/new", data={
        "csrf_token": token, "id": "tax-1", "question": "住民税の納付期限はいつですか",
        "answer": "6月、8月、10月、翌年1月の末日です。", "aliases": "住民税 いつまで\n住民税 期限"})
    assert response.status_code == 302
    assert store.get_faq(redis, "tax-1").aliases == ("住民税 いつまで", "住民税 期限")
    found = client.get("/admin/faq", query_string={"q": "住民税の納付期限"}).get_data(as_text=True)
    assert "tax-1" in found


def test_a_bad_faq_keeps_what_was_typed_and_says_what_is_wrong_next_to_the_field(client, redis, as_staff):
    as_staff("writer")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    token = csrf_token(client, "/admin/faq/new")
    html = client.post("/admin/faq/new", data={
        "csrf_token": token, "id": "gomi-1", "question": "長い下書きの質問", "answer": "下書きの回答をここに書いた",
        "url": "http://insecure.example/"}).get_data(as_text=True)
    assert "長い下書きの質問" in html and "下書きの回答をここに書いた" in html
    assert 'id="url-error"' in html
    assert store.get_faq(redis, "gomi-1").question == "粗大ごみの出し方"


def test_editing_changes_one_faq_and_is_audited(client, redis, as_staff):
    as_staff("writer", name="sato")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    page = client.get("/admin/faq/gomi-1/edit").get_data(as_text=True)
    assert "粗大ごみは予約してから出してください。" in page
    token = csrf_token(client, "/admin/faq/gomi-1/edit")
    client.post("/admin/faq/gomi-1/edit", data={"csrf_token": token, "id": "gomi-1", "question": "粗大ごみの出し方",
                                                "answer": "電話かインターネットで予約してください。"})
    assert store.get_faq(redis, "gomi-1").answer == "電話かインターネットで予約してください。"
    assert store.get_faq(redis, "juminhyo-1") is not None
    entry = audit.entries(redis, count=1)[0]
    assert (entry.actor, entry.action, entry.target) == ("sato", "faq.edit", "gomi-1")


def test_an_approver_without_the_writer_role_cannot_change_faqs(client, redis, as_staff):
    as_staff("approver")
    token = csrf_token(client, "/admin/faq")
    response = client.post("/admin/faq/new", data={"csrf_token": token, "id": "x-1", "question": "q", "answer": "a"})
    assert response.status_code == 403
    assert store.load(redis) is None


def test_unanswered_questions_become_a_new_faq_or_an_alias_in_one_click(client, redis, as_staff):
    as_staff("writer")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    now = datetime.now(timezone.utc)
    for _ in range(3):
        gaps.record_unanswered(redis, "でかいごみ 捨てたい", at=now)
    gaps.record_feedback(redis, "juminhyo-1", helpful=False, question="住民票 郵送", at=now)
    html = client.get("/admin/faq/gaps").get_data(as_text=True)
    assert "でかいごみ 捨てたい" in html and "住民票 郵送" in html and "住民票をコンビニで取りたい" in html
    assert "/admin/faq/new?question=" in html
    choose = client.get("/admin/faq/alias", query_string={"text": "でかいごみ 捨てたい"}).get_data(as_text=True)
    assert "gomi-1" in choose
    token = csrf_token(client, "/admin/faq/gaps")
    client.post("/admin/faq/alias", data={"csrf_token": token, "faq_id": "gomi-1", "alias": "でかいごみ 捨てたい"})
    assert "でかいごみ 捨てたい" in store.get_faq(redis, "gomi-1").aliases


def test_export_gives_back_a_file_that_imports(client, redis, as_staff):
    as_staff("writer")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    exported = client.get("/admin/faq/export.csv")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    assert upload(client, exported.data, "again.csv").status_code == 302
    assert len(store.load(redis).faqs) == 2


def test_html_in_an_faq_is_shown_as_text(client, redis, as_staff):
    as_staff("writer")
    upload(client, GOOD_CSV.encode(), "faq.csv")
    token = csrf_token(client, "/admin/faq/new")
    client.post("/admin/faq/new", data={"csrf_token": token, "id": "xss-1", "question": "<script>alert(1)</script>",
                                        "answer": "<img src=x onerror=alert(1)>"})
    html = client.get("/admin/faq", query_string={"page": 1}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_faq_file_larger_than_a_webhook_body_can_be_imported(client, redis, as_staff, app):
    as_staff("writer")
    count = app.config["MAX_CONTENT_LENGTH"] // 2000 + 10
    rows = "".join(f"faq-{n},質問 {n},回答 {n} {'い' * 700},,,,,\r\n" for n in range(count))
    data = ("id,question,answer,category,department,phone,url,aliases\r\n" + rows).encode()
    assert len(data) > app.config["MAX_CONTENT_LENGTH"]
    assert upload(client, data, "big.csv").status_code == 302
    assert len(store.load(redis).faqs) == count
