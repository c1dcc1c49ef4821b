"""RQ job: add the dense vectors to an FAQ set imported without them (from the console or on a first run)."""

from __future__ import annotations

from datetime import datetime

import services
from bot.faq import dense, store

CHUNK = 32
"""FAQs embedded per job (a few seconds): the job queues its own next part, so citizens' events, which have
their own higher-priority queue, wait for at most one part even with a single worker."""

EMBED_JOB = "bot.faq.jobs.embed_version"


def embed_version(version: str, imported_at: str, start: int = 0) -> dict:
    """Embed FAQs `start`…`start + CHUNK` of `version` (but those the import kept from the previous set);
    after the last part store the set again with all its vectors, as a new version.

    Every part stops if `version` is no longer current, and the final switch happens only if it still is: a
    set edited or re-imported meanwhile is never overwritten (its own change embedded what it needed).
    """
    redis = services.current().redis
    faq_set = store.load(redis, version)
    if faq_set is None or store.current_version(redis) != version:
        store.take_embedded(redis, version)
        return {"status": "superseded"}
    kept = store.embedded_ids(redis, version)
    part = [faq for faq in faq_set.faqs[start:start + CHUNK] if faq.id not in kept]
    vectors = dense.faq_vectors(part)
    if part and not vectors:
        return {"status": "no model"}
    if vectors:
        store.add_embedded(redis, version, vectors)
    if start + CHUNK < len(faq_set.faqs):
        services.current().queue("default").enqueue(EMBED_JOB, version, imported_at, start + CHUNK,
                                                     description=f"FAQ の埋め込み {version} ({start + CHUNK}〜)")
        return {"status": "embedding", "done": start + CHUNK, "total": len(faq_set.faqs)}
    embedded = store.take_embedded(redis, version)
    if any(faq.id not in embedded for faq in faq_set.faqs):
        return {"status": "incomplete"}
    switched = store.replace_all(redis, faq_set.faqs, at=datetime.fromisoformat(imported_at),
                                 source=store.meta(redis).get("source", ""), vectors=embedded,
                                 model=dense.MODEL_NAME, if_current=version)
    return {"status": "embedded", "version": switched} if switched else {"status": "superseded"}
