"""Redis I/O: changes staff make to the FAQ set — import a file, add or edit one FAQ, add an alias.

Each change is checked by the same all-or-nothing rules as a file import (io.read_faqs), stored as a
new version (store.replace_all, so answering never sees half a change) and written to the audit log.
The admin console calls these; `citybot faq import` does the same steps for a file.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import NamedTuple

from redis import Redis
from rq import Queue

import audit
from bot.faq import dense, store
from bot.faq.io import FaqFileError, read_faqs
from bot.faq.jobs import EMBED_JOB
from bot.faq.model import Faq


class Imported(NamedTuple):
    version: str
    count: int
    to_embed: int
    """FAQs whose vectors had to be made (now, or by a worker): the new or edited ones."""


def import_file(redis: Redis, data: bytes, filename: str, *, actor: str, at: datetime,
                progress=None, embed_in: Queue | None = None) -> Imported:
    """Replace the whole set with a file's FAQs. Raises FaqFileError, changing nothing.

    Embedding is the long part (about four minutes for 2,000 new long-answer FAQs on two cores), so an FAQ
    whose texts the current set already has keeps its vectors and only new or edited ones are embedded. The
    CLI waits for them (`progress(done, total)` follows it); the console and the first run pass `embed_in`, a
    queue: unless nothing needs embedding, the set is answered lexically at once and a worker adds the missing
    vectors (`bot.faq.jobs.embed_version`).
    """
    faqs = read_faqs(data, filename)
    known = _stored_rows(redis)
    kept = dense.known_vectors(faqs, known)
    vectors = dense.faq_vectors(faqs, progress, known) if embed_in is None else kept
    complete = len(vectors) == len(faqs)
    version = store.replace_all(redis, faqs, at=at, source=filename, vectors=vectors if complete else {},
                                model=dense.MODEL_NAME if complete else "")
    if embed_in is not None and not complete:
        if kept:
            store.add_embedded(redis, version, kept)
        embed_in.enqueue(EMBED_JOB, version, at.isoformat(), description=f"FAQ の埋め込み {version}")
    audit.record(redis, actor=actor, action="faq.import", target=version, details={"file": filename,
                                                                                    "count": len(faqs)})
    return Imported(version, len(faqs), len(faqs) - len(kept))


def _stored_rows(redis: Redis) -> dict:
    """Text → vector row of the current set, if the model in use made them: what a re-import can keep."""
    meta = store.meta(redis)
    current = store.load(redis, meta["version"]) if meta.get("model") == dense.MODEL_NAME else None
    return dense.rows_by_text(current.faqs, current.vectors) if current else {}


def check_one(values: dict) -> Faq:
    """One FAQ from form values (aliases as a list), by the import rules; FaqFileError lists the reasons."""
    try:
        return read_faqs(json.dumps([values], ensure_ascii=False).encode(), "faq.json")[0]
    except FaqFileError as error:
        raise FaqFileError([problem.removeprefix("1 行目: ") for problem in error.problems]) from None


def save(redis: Redis, values: dict, *, actor: str, at: datetime, replacing: str | None = None) -> Faq:
    """Add an FAQ, or replace the one whose id is `replacing` (its id may change). Raises FaqFileError."""
    faq = check_one(values)
    current = store.load(redis)
    faqs = list(current.faqs) if current else []
    if replacing is not None and not any(item.id == replacing for item in faqs):
        raise FaqFileError([f"FAQ「{replacing}」はありません (ほかの人が削除または変更した可能性があります)"])
    if faq.id != replacing and any(item.id == faq.id for item in faqs):
        raise FaqFileError([f"id「{faq.id}」はすでに使われています。別の id にしてください"])
    faqs = [faq if item.id == replacing else item for item in faqs] if replacing else [*faqs, faq]
    _store(redis, faqs, current, changed=faq, at=at)
    audit.record(redis, actor=actor, action="faq.edit" if replacing else "faq.add", target=faq.id,
                 details={"question": faq.question, **({"was": replacing} if replacing not in (None, faq.id) else {})})
    return faq


def add_alias(redis: Redis, faq_id: str, alias: str, *, actor: str, at: datetime) -> Faq:
    """Teach an FAQ another way citizens ask it (e.g. an unanswered question). Raises FaqFileError."""
    faq = store.get_faq(redis, faq_id)
    if faq is None:
        raise FaqFileError([f"FAQ「{faq_id}」はありません"])
    alias = alias.strip()
    if not alias or alias in faq.aliases or alias == faq.question:
        raise FaqFileError(["言い換えが空か、すでに登録されています"])
    values = {**asdict(faq), "aliases": [*faq.aliases, alias]}
    return save(redis, values, actor=actor, at=at, replacing=faq_id)


def _store(redis: Redis, faqs: list[Faq], current: store.FaqSet | None, *, changed: Faq, at: datetime) -> str:
    """A new version; only the changed FAQ is embedded again (the others keep their vectors).

    Without the dense model here, no vectors are kept: a set with some FAQs missing vectors would rank unevenly.
    """
    fresh = dense.faq_vectors([changed])
    kept = current.vectors if current and fresh else {}
    vectors = {**{faq.id: kept[faq.id] for faq in faqs if faq.id in kept and faq.id != changed.id}, **fresh}
    return store.replace_all(redis, faqs, at=at, source="admin", vectors=vectors,
                             model=dense.MODEL_NAME if vectors else "")
