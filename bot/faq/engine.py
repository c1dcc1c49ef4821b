"""Redis I/O: this process's FAQ index, rebuilt from Redis when the stored version changes.

Each question costs one GET of the version pointer; only a new version triggers a rebuild. While one
thread rebuilds, the others keep answering from the previous index.
"""

from __future__ import annotations

import threading
from functools import cache

from redis import Redis

from bot.faq import dense, rank, store
from bot.faq.index import FaqIndex, Weights
from bot.faq.model import Lookup
from bot.faq.tokenize import Analyzer


@cache
def analyzer() -> Analyzer:
    """One Sudachi dictionary per process (loading it takes a few hundred milliseconds)."""
    return Analyzer()


class Engine:
    def __init__(self, weights: Weights | None = None, thresholds: rank.Thresholds | None = None,
                 *, use_dense: bool = True):
        self.weights = weights
        self.thresholds = thresholds
        self.use_dense = use_dense and dense.available()
        self._lock = threading.Lock()
        self._version: str | None = None
        self._index: FaqIndex | None = None

    def index(self, redis: Redis) -> FaqIndex | None:
        """The index of the current version (building it if this process has not yet)."""
        version = store.current_version(redis)
        if version is None:
            return None
        if version == self._version:
            return self._index
        if not self._lock.acquire(blocking=self._index is None):
            return self._index
        try:
            if version != self._version:
                self._rebuild(redis, version)
        finally:
            self._lock.release()
        return self._index

    def _rebuild(self, redis: Redis, version: str) -> None:
        faq_set = store.load(redis, version)
        if faq_set is None:
            return
        vectors = faq_set.vectors if self.use_dense else None
        self._index = FaqIndex(faq_set.faqs, analyzer(), self.weights, vectors)
        self._version = version

    def ask(self, redis: Redis, question: str, *, top: int = 10, prefer: str | None = None) -> Lookup:
        """Rank the current FAQs for a citizen's question and decide: answer, ask back, or nothing."""
        index = self.index(redis)
        if index is None:
            return Lookup(question, (), "none")
        vector = dense.embed_query(question) if index.dense is not None and question.strip() else None
        thresholds = self.thresholds or rank.thresholds_for(dense=index.dense is not None)
        return rank.lookup(index, question, top=top, query_vector=vector, thresholds=thresholds, prefer=prefer)


_process_engine = Engine()


def ask(redis: Redis, question: str, *, top: int = 10, prefer: str | None = None) -> Lookup:
    """Look a question up with this process's engine (`prefer`: a category that wins close calls)."""
    return _process_engine.ask(redis, question, top=top, prefer=prefer)


def warm_up(redis: Redis) -> None:
    """Build this process's index now (a worker calls this at start, so the first citizen does not wait)."""
    _process_engine.index(redis)
