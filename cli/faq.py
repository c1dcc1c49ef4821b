"""`citybot faq import | export | ask | rank | eval | gaps`: the FAQ set, lookups and quality figures."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bot.faq import editing, store
from bot.faq.engine import Engine
from bot.faq.evaluate import evaluate_queries
from bot.faq.gaps import top_gaps
from bot.faq.io import FaqFileError, write_faqs
from cli.context import emit_json, load_services

DEFAULT_QUERIES = Path(__file__).resolve().parent.parent / "cities" / "demo_citizen_queries.jsonl"
CLI_ACTOR = "cli"

LEXICAL = click.option("--lexical", is_flag=True, help="意味検索 (dense モデル) を使わず、語句の一致だけで検索")


@click.group(help="FAQ (よくある質問) の取り込み・書き出し・検索・評価")
def faq() -> None:
    """Group of FAQ commands."""


@faq.command("import", help="FAQ を CSV (UTF-8 / Shift_JIS) または JSON から取り込み、今の FAQ と入れ替えます")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(file: Path) -> None:
    services = load_services()
    columns = (TextColumn("意味検索の準備 (FAQ の埋め込み)"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("embed", total=None)
            imported = editing.import_file(
                services.redis, file.read_bytes(), file.name, actor=CLI_ACTOR, at=datetime.now(services.config.tz),
                progress=lambda done, total: bar.update(task, completed=done, total=total))
    except FaqFileError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        raise click.ClickException(f"{len(error.problems)} 件の問題があるため取り込みを中止しました (FAQ は変更していません)")
    semantic = (f"、意味検索あり: 新しく埋め込んだ FAQ {imported.to_embed} 件"
                if store.meta(services.redis).get("model") else "")
    click.echo(f"{imported.count} 件の FAQ を取り込みました (版 {imported.version}{semantic})")


@faq.command("export", help="今の FAQ を CSV (Excel 向け UTF-8 BOM 付き) または JSON に書き出します")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export(file: Path) -> None:
    faq_set = store.load(load_services().redis)
    if faq_set is None:
        raise click.ClickException("FAQ がまだ取り込まれていません")
    file.write_bytes(write_faqs(faq_set.faqs, file.name))
    click.echo(f"{len(faq_set.faqs)} 件を {file} に書き出しました")


@faq.command("ask", help="質問に対する検索結果と、回答する / 聞き返す / 回答しない の判定を表示します")
@click.argument("question")
@click.option("--top", default=5, show_default=True, help="表示する候補の数")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
@LEXICAL
def ask(question: str, top: int, as_json: bool, lexical: bool) -> None:
    found = Engine(use_dense=not lexical).ask(load_services().redis, question, top=top)
    result = {
        "question": question, "verdict": found.verdict, "coverage": round(found.coverage, 3),
        "margin": round(found.margin, 3),
        "hits": [{"id": hit.faq.id, "question": hit.faq.question, "score": round(hit.score, 4)} for hit in found.hits],
        "candidates": [hit.faq.id for hit in found.candidates],
    }
    if as_json:
        emit_json(result)
        return
    verdicts = {"answer": "回答します", "ask": "聞き返します", "none": "回答できません (連絡先を案内)"}
    click.echo(f"判定: {verdicts[found.verdict]} (一致度 {found.coverage:.2f}, 差 {found.margin:.2f})")
    for rank, hit in enumerate(found.hits, start=1):
        click.echo(f"{rank}. [{hit.faq.id}] {hit.faq.question} ({hit.score:.3f})")


@faq.command("rank", help='標準入力の JSON 行 {"id", "text"} ごとに {"id", "faq_ids": [...]} を出力します')
@click.option("--top", default=10, show_default=True, help="出力する FAQ の数")
@LEXICAL
def rank(top: int, lexical: bool) -> None:
    redis, engine = load_services().redis, Engine(use_dense=not lexical)
    for line in sys.stdin:
        if line.strip():
            query = json.loads(line)
            found = engine.ask(redis, str(query["text"]), top=top)
            emit_json({"id": query["id"], "faq_ids": [hit.faq.id for hit in found.hits]})


@faq.command("eval", help="ラベル付き質問 (JSON 行 {id, text, faq_ids, split?}) で success@1/@5・MRR・MAP と、"
                          "回答 / 聞き返し / 回答なし の割合を測ります")
@click.option("--queries", "queries_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=DEFAULT_QUERIES, show_default=True)
@click.option("--split", type=click.Choice(["dev", "heldout"]), help="この分割 (split) の質問だけを使う")
@click.option("--top", default=10, show_default=True)
@LEXICAL
def eval_(queries_file: Path, split: str | None, top: int, lexical: bool) -> None:
    redis, engine = load_services().redis, Engine(use_dense=not lexical)
    queries = [json.loads(line) for line in queries_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    queries = [query for query in queries if split is None or query.get("split") == split]
    if not queries:
        raise click.ClickException(f"{queries_file} に質問がありません" + (f" (split={split})" if split else ""))
    figures = evaluate_queries(lambda text: engine.ask(redis, text, top=top), queries)
    index = engine.index(redis)
    emit_json({**figures, "dense": bool(index and index.dense is not None)})


@faq.command("gaps", help="回答できなかった質問・「役に立たなかった」回答を、似た質問をまとめて多い順に表示します")
@click.option("--since", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="この日から (YYYY-MM-DD)")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="JSON で出力")
def gaps(since: datetime, limit: int, as_json: bool) -> None:
    services = load_services()
    found = top_gaps(services.redis, since.replace(tzinfo=services.config.tz), limit)
    if as_json:
        emit_json([{"text": gap.text, "count": gap.count, "kind": gap.kind, "faq_id": gap.faq_id,
                    "last_at": gap.last_at.isoformat()} for gap in found])
        return
    kinds = {"unanswered": "回答なし", "unhelpful": "役に立たなかった"}
    for gap in found:
        about = f" [FAQ {gap.faq_id}]" if gap.faq_id else ""
        click.echo(f"{gap.count}件\t{kinds[gap.kind]}{about}\t{gap.text}\t(最後 {gap.last_at:%Y-%m-%d %H:%M})")
    if not found:
        click.echo("この期間に記録はありません")


commands = [faq]
