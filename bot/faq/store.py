"""Redis I/O: FAQ sets stored as versions; a re-import writes a new version, then switches one pointer.

Answering never sees a half-imported set: the new version's keys are written first, the pointer
`citybot:faq:version` is switched in one command, and the old version expires a few minutes later
(processes that read the old pointer can still finish loading it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from redis import Redis
from redis.exceptions import WatchError
from ulid import ULID

from bot.faq import keys
from bot.faq.model import Faq


@dataclass(frozen=True)
class FaqSet:
    version: str
    faqs: list[Faq]
    vectors: dict[str, np.ndarray]
    """FAQ ID → one row per question variant (question, then aliases), then one per answer window; empty without
    the dense model."""


def current_version(redis: Redis) -> str | None:
    value = redis.get(keys.CURRENT_VERSION)
    return value.decode() if value else None


def replace_all(redis: Redis, faqs: list[Faq], *, at: datetime, source: str = "",
                vectors: dict[str, np.ndarray] | None = None, model: str = "",
                if_current: str | None = None) -> str | None:
    """Store the FAQs as a new version and make it current; returns the version ID.

    With `if_current`, only while that version is still the current one (else the new keys are dropped and
    None is returned): a background job never overwrites a change staff made meanwhile.
    """
    if not faqs:
        raise ValueError("an FAQ set needs at least one FAQ")
    version = str(ULID())
    names = {name: template.format(version=version) for name, template in _version_keys().items()}
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(names["faqs"], mapping={faq.id: faq.to_json() for faq in faqs})
        pipe.rpush(names["order"], *[faq.id for faq in faqs])
        if vectors:
            pipe.hset(names["vectors"], mapping={faq_id: _to_bytes(rows) for faq_id, rows in vectors.items()})
        pipe.hset(names["meta"], mapping={"imported_at": at.isoformat(), "count": len(faqs),
                                         "source": source, "model": model})
        pipe.execute()
    previous = redis.set(keys.CURRENT_VERSION, version, get=True) if if_current is None else (
        _switch_if_current(redis, version, if_current))
    if previous:
        _expire_version(redis, previous.decode())
    if if_current is not None and previous is None:
        redis.delete(*names.values())
        return None
    return version


def _switch_if_current(redis: Redis, version: str, expected: str) -> bytes | None:
    """Point to `version` if the pointer still holds `expected` (WATCH/MULTI); the old value, or None."""
    with redis.pipeline() as pipe:
        try:
            pipe.watch(keys.CURRENT_VERSION)
            previous = pipe.get(keys.CURRENT_VERSION)
            if previous is None or previous.decode() != expected:
                return None
            pipe.multi()
            pipe.set(keys.CURRENT_VERSION, version)
            pipe.execute()
        except WatchError:
            return None
    return previous


def _version_keys() -> dict[str, str]:
    return {"faqs": keys.VERSION_FAQS, "order": keys.VERSION_ORDER,
            "vectors": keys.VERSION_VECTORS, "meta": keys.VERSION_META}


def _expire_version(redis: Redis, version: str) -> None:
    with redis.pipeline(transaction=False) as pipe:
        for template in _version_keys().values():
            pipe.expire(template.format(version=version), keys.OLD_VERSION_TTL)
        pipe.execute()


def load(redis: Redis, version: str | None = None) -> FaqSet | None:
    """The FAQ set of a version (default: the current one), in file order; None when there is none."""
    for _ in range(3):
        wanted = version or current_version(redis)
        if wanted is None:
            return None
        with redis.pipeline(transaction=True) as pipe:
            pipe.lrange(keys.VERSION_ORDER.format(version=wanted), 0, -1)
            pipe.hgetall(keys.VERSION_FAQS.format(version=wanted))
            pipe.hgetall(keys.VERSION_VECTORS.format(version=wanted))
            order, stored, vectors = pipe.execute()
        if order:
            faqs = [Faq.from_json(stored[faq_id]) for faq_id in order]
            return FaqSet(wanted, faqs, {k.decode(): _from_bytes(v) for k, v in vectors.items()})
        if version is not None:
            return None
    return None


def add_embedded(redis: Redis, version: str, vectors: dict[str, np.ndarray]) -> None:
    """Keep the vectors a background job made for part of `version`."""
    key = keys.EMBEDDING.format(version=version)
    with redis.pipeline(transaction=True) as pipe:
        pipe.hset(key, mapping={faq_id: _to_bytes(rows) for faq_id, rows in vectors.items()})
        pipe.expire(key, keys.EMBEDDING_TTL)
        pipe.execute()


def embedded_ids(redis: Redis, version: str) -> set[str]:
    """The FAQs of `version` whose vectors are kept so far (by the import, or by earlier parts of the job)."""
    return {faq_id.decode() for faq_id in redis.hkeys(keys.EMBEDDING.format(version=version))}


def take_embedded(redis: Redis, version: str) -> dict[str, np.ndarray]:
    """All the vectors made for `version` so far, forgetting them."""
    key = keys.EMBEDDING.format(version=version)
    with redis.pipeline(transaction=True) as pipe:
        pipe.hgetall(key)
        pipe.delete(key)
        stored, _ = pipe.execute()
    return {faq_id.decode(): _from_bytes(rows) for faq_id, rows in stored.items()}


def meta(redis: Redis) -> dict[str, str]:
    """What is known about the current version (imported_at, count, source, model)."""
    version = current_version(redis)
    if version is None:
        return {}
    stored = redis.hgetall(keys.VERSION_META.format(version=version))
    return {"version": version, **{k.decode(): v.decode() for k, v in stored.items()}}


def get_faq(redis: Redis, faq_id: str) -> Faq | None:
    """One FAQ of the current version."""
    version = current_version(redis)
    stored = redis.hget(keys.VERSION_FAQS.format(version=version), faq_id) if version else None
    return Faq.from_json(stored) if stored else None


VECTOR_DIMENSION_BYTES = 4


def _to_bytes(rows: np.ndarray) -> bytes:
    rows = np.asarray(rows, dtype=np.float32)
    return np.int32(rows.shape[1]).tobytes() + rows.tobytes()


def _from_bytes(data: bytes) -> np.ndarray:
    dimension = int(np.frombuffer(data[:VECTOR_DIMENSION_BYTES], dtype=np.int32)[0])
    return np.frombuffer(data[VECTOR_DIMENSION_BYTES:], dtype=np.float32).reshape(-1, dimension)
