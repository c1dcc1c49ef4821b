import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from bot.faq import gaps, store
from bot.faq.io import read_faqs
from cli import main


@pytest.fixture
def run(redis, redis_url, tmp_path, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("CITYBOT_DATA_DIR", str(tmp_path))
    runner = CliRunner()

    def invoke(*args, stdin: str | None = None):
        return runner.invoke(main, ["faq", *map(str, args)], input=stdin, catch_exceptions=False)

    return invoke


def test_import_then_ask(run, redis, sample_file):
    imported = run("import", sample_file)
    assert imported.exit_code == 0, imported.output
    assert "14 件の FAQ を取り込みました" in imported.output
    asked = json.loads(run("ask", "粗大ゴミの出し方", "--json").output)
    assert (asked["verdict"], asked["hits"][0]["id"]) == ("answer", "gomi-sodai")


def test_a_bad_file_changes_nothing_and_lists_every_problem(run, redis, tmp_path, stored_faqs):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,question,answer\nx1,質問,\nx1,質問,回答\n", encoding="utf-8")
    result = run("import", bad)
    assert result.exit_code == 1
    assert "2 行目: 回答 (answer) が空です" in result.output
    assert "3 行目: id「x1」が 2 行目と重複しています" in result.output
    assert store.current_version(redis) == stored_faqs


def test_rank_reads_and_writes_json_lines(run, stored_faqs):
    queries = "\n".join(json.dumps({"id": n, "text": t}, ensure_ascii=False)
                        for n, t in [("q1", "こくほに入りたい"), ("q2", "避難所")]) + "\n"
    lines = [json.loads(line) for line in run("rank", "--top", 2, stdin=queries).output.splitlines()]
    assert [(line["id"], line["faq_ids"][0], len(line["faq_ids"])) for line in lines] == [("q1", "kokuho-join", 2),
                                                                                       ("q2", "hinanjo", 2)]


def test_eval_reports_quality_figures(run, stored_faqs, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in [
        {"id": "1", "text": "そだいごみ", "faq_ids": ["gomi-sodai"]},
        {"id": "2", "text": "住民票", "faq_ids": ["juminhyo-window"]},
        {"id": "3", "text": "あいうえお", "faq_ids": []},
    ]), encoding="utf-8")
    figures = json.loads(run("eval", "--queries", queries).output)
    assert (figures["queries"], figures["success_at_1"], figures["mrr"], figures["success_at_5"]) == (
        2, 0.5, 0.75, 1.0)
    assert figures["unanswerable"] == {"queries": 1, "answered": 0.0}
    assert figures["answer_rate"] + figures["ask_back_rate"] + figures["fallback_rate"] == pytest.approx(1.0)


def test_export_round_trips(run, stored_faqs, sample_faqs, tmp_path):
    out = tmp_path / "export.csv"
    assert run("export", out).exit_code == 0
    assert read_faqs(out.read_bytes(), out.name) == sample_faqs


def test_gaps_lists_grouped_questions(run, redis, now):
    for _ in range(2):
        gaps.record_unanswered(redis, "花火大会はいつ", at=now)
    listed = json.loads(run("gaps", "--since", (now - timedelta(days=1)).date(), "--json").output)
    assert [(gap["text"], gap["count"]) for gap in listed] == [("花火大会はいつ", 2)]


def test_eval_keeps_one_split_and_refuses_an_empty_one(run, stored_faqs, tmp_path):
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(json.dumps(item, ensure_ascii=False) for item in [
        {"id": "1", "text": "そだいごみ", "faq_ids": ["gomi-sodai"], "split": "dev"},
        {"id": "2", "text": "住民票", "faq_ids": ["juminhyo-window"], "split": "heldout"},
    ]), encoding="utf-8")
    assert json.loads(run("eval", "--queries", queries, "--split", "heldout").output)["queries"] == 1
    empty = tmp_path / "empty.jsonl"
    empty.write_text(json.dumps({"id": "1", "text": "x", "faq_ids": [], "split": "dev"}), encoding="utf-8")
    result = run("eval", "--queries", empty, "--split", "heldout")
    assert result.exit_code != 0 and "質問がありません" in result.output
