"""Pure (in memory): the search index over one FAQ set, and the fused score of every FAQ for a question.

Channels, each a BM25 (bm25s) index, scored per question and fused as a weighted sum of scores scaled
to the best FAQ of that channel:
- question words: Sudachi words of the question and of each alias (an FAQ scores its best variant);
- question characters: 2–3-grams of the folded question and aliases (typos, unknown words, okurigana);
- question readings: 2–3-grams of the hiragana reading (「じゅうみんひょう」 meets 「住民票」);
- FAQ words: plain words (every short unit, particles too) of the whole FAQ — question, aliases and answer;
- dense: cosine similarity of multilingual-e5 embeddings of the question and aliases;
- dense answer: the same for each window of the answer (an FAQ keeps its best window);
- learned: the answer windows projected into the questions' embedding space by a map learned from this FAQ set's
  own (question, answer window) pairs when the index is built ("which question would this answer answer?").
Without vectors (no model, or a set imported without it) only the four lexical channels rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s
import numpy as np

from bot.faq.model import Faq
from bot.faq.tokenize import Analysis, Analyzer, Word


@dataclass(frozen=True)
class Weights:
    question_words: float = 1.0
    question_chars: float = 0.5
    question_readings: float = 0.5
    faq_words: float = 0.0
    dense: float = 0.0
    dense_answer: float = 0.0
    learned: float = 0.0
    k1: float = 1.2
    b: float = 0.75


LEXICAL_WEIGHTS = Weights(faq_words=6.0)
"""Without vectors: mostly the FAQ words channel, the question channels breaking its ties. Chosen on the dev
parts of our citizen query sets and of the long-answer stand-in, as the weights with vectors (docs/faq.md)."""

DENSE_WEIGHTS = Weights(question_words=0.25, question_chars=0.125, question_readings=0.125, faq_words=1.5,
                        dense=2.0, dense_answer=2.0, learned=1.0)
"""With vectors (the default). Chosen by grids over these weights on the dev parts of our citizen query sets and
of the long-answer stand-in (docs/faq.md, Ranking); `bench/faq_channels.py` measures what each channel adds."""

KANA_WEIGHTS = Weights(question_words=0.25, question_chars=0.5, question_readings=2.0, faq_words=1.0,
                       dense=1.5, dense_answer=2.0, learned=1.0)
"""For questions typed (almost) only in kana (「てんしゅつ てつづき」): Sudachi's words for them are guesses,
their reading is what they are."""

KANA_SHARE = 0.8
"""Share of kana among a question's letters from which KANA_WEIGHTS are used."""


def kana_share(text: str) -> float:
    letters = [char for char in text if not char.isspace()]
    return sum(1 for char in letters if "ぁ" <= char <= "ヿ") / len(letters) if letters else 0.0


def char_grams(text: str) -> list[str]:
    """Character 2- and 3-grams, ignoring spaces; a one-letter text is its own gram."""
    text = text.replace(" ", "").replace("\n", "")
    grams = [text[i:i + n] for n in (2, 3) for i in range(len(text) - n + 1)]
    return grams or ([text] if text else [])


def reading_trigrams(reading: str) -> set[str]:
    """3-grams within each space-separated part (a citizen's spaces separate words that are not adjacent)."""
    return {part[i:i + 3] for part in reading.split() for i in range(len(part) - 2)}


class _Channel:
    """One BM25 index whose documents may be several per FAQ (question + aliases); an FAQ keeps its best."""

    def __init__(self, documents: list[list[str]], owners: list[int], size: int, weights: Weights):
        self.owners = np.asarray(owners)
        self.size = size
        self.bm25 = bm25s.BM25(k1=weights.k1, b=weights.b)
        self.bm25.index([document or [""] for document in documents], show_progress=False)

    def scores(self, terms: list[str]) -> np.ndarray:
        per_document = self.bm25.get_scores(terms) if terms else np.zeros(len(self.owners))
        return _best_per_faq(per_document, self.owners, self.size, floor=0.0)


def _best_per_faq(values: np.ndarray, owners: np.ndarray, size: int, *, floor: float) -> np.ndarray:
    """Each FAQ's best value among its rows (question variants, answer windows); `floor` for an FAQ with none."""
    per_faq = np.full(size, floor, dtype=np.float32)
    np.maximum.at(per_faq, owners, values)
    return per_faq


class _DenseChannels:
    """Cosine similarity of the question to each FAQ's question variants and to each window of its answer (an
    FAQ keeps its best of each), and to its answer windows projected into question space by a map learned from
    the set itself."""

    def __init__(self, questions: np.ndarray, question_owners: list[int], size: int,
                 answers: np.ndarray | None, answer_owners: list[int]):
        self.questions, self.question_owners, self.size = questions, np.asarray(question_owners), size
        self.answers, self.answer_owners = answers, np.asarray(answer_owners)
        self.learned = None if answers is None else _unit_rows(answers @ learn_projection(
            answers, questions[np.unique(self.question_owners, return_index=True)[1]][self.answer_owners]))

    @classmethod
    def build(cls, faqs: list[Faq], vectors: dict[str, np.ndarray] | None) -> "_DenseChannels | None":
        """None unless every FAQ has its vectors (a set imported without the model answers lexically).

        A set stored before answers were embedded has no answer row: it ranks on its questions alone.
        """
        if not vectors or any(faq.id not in vectors for faq in faqs):
            return None
        variants = [len(faq.aliases) + 1 for faq in faqs]
        questions = [vectors[faq.id][:count] for faq, count in zip(faqs, variants)]
        answers = [vectors[faq.id][count:] for faq, count in zip(faqs, variants)]
        with_answer = all(len(rows) for rows in answers)
        return cls(np.vstack(questions), _owners(questions), len(faqs),
                   np.vstack(answers) if with_answer else None, _owners(answers) if with_answer else [])

    def scores(self, query_vector: np.ndarray) -> dict[str, np.ndarray]:
        scores = {"dense": self._best(self.questions @ query_vector, self.question_owners)}
        if self.answers is not None:
            scores["dense_answer"] = self._best(self.answers @ query_vector, self.answer_owners)
            scores["learned"] = self._best(self.learned @ query_vector, self.answer_owners)
        return scores

    def _best(self, cosines: np.ndarray, owners: np.ndarray) -> np.ndarray:
        return _best_per_faq(cosines, owners, self.size, floor=-1.0)


def _owners(rows_per_faq: list[np.ndarray]) -> list[int]:
    return [owner for owner, rows in enumerate(rows_per_faq) for _ in range(len(rows))]


DENSE_CHANNELS = frozenset({"dense", "dense_answer", "learned"})

LEARNING_RIDGE = 1.0
"""Ridge penalty of the learned map, pulling it towards the identity: a few hundred pairs in 384 dimensions."""


def learn_projection(answers: np.ndarray, questions: np.ndarray, ridge: float = LEARNING_RIDGE) -> np.ndarray:
    """The linear map M that best sends each FAQ's answer embedding to its question's (least squares, with a
    penalty on M − I): trained on the FAQ set itself, no labelled queries; a solve of 384 × 384, milliseconds."""
    dimension = answers.shape[1]
    identity = np.eye(dimension, dtype=np.float64)
    gram = answers.T.astype(np.float64) @ answers + ridge * identity
    return np.linalg.solve(gram, answers.T.astype(np.float64) @ questions + ridge * identity).astype(np.float32)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


class FaqIndex:
    """Everything needed to rank one FAQ set; built once per version, read-only afterwards."""

    def __init__(self, faqs: list[Faq], analyzer: Analyzer, weights: Weights | None = None,
                 vectors: dict[str, np.ndarray] | None = None, *, kana_weights: Weights = KANA_WEIGHTS):
        self.faqs = list(faqs)
        self.analyzer = analyzer
        self.dense = _DenseChannels.build(self.faqs, vectors)
        self.weights = weights or (LEXICAL_WEIGHTS if self.dense is None else DENSE_WEIGHTS)
        self.kana_weights = kana_weights
        variants = [(owner, text) for owner, faq in enumerate(self.faqs) for text in (faq.question, *faq.aliases)]
        owners = [owner for owner, _ in variants]
        analyses = [analyzer.analyze(text) for _, text in variants]
        answers = [analyzer.analyze(faq.answer) for faq in self.faqs]
        size = len(self.faqs)
        self.channels: dict[str, _Channel] = {
            "question_words": _Channel([list(a.words) for a in analyses], owners, size, self.weights),
            "question_chars": _Channel([char_grams(a.chars) for a in analyses], owners, size, self.weights),
            "question_readings": _Channel([char_grams(a.reading) for a in analyses], owners, size, self.weights),
            "faq_words": _Channel(_whole_faqs(analyses, answers, owners), list(range(size)), size, self.weights),
        }
        self.vocabulary = _vocabulary(analyses, answers, owners, size)
        self.reading_grams: list[set[str]] = [set() for _ in range(size)]
        for owner, analysis in zip(owners, analyses):
            self.reading_grams[owner].update(reading_trigrams(analysis.reading))
        self.document_frequency = _document_frequency(self.vocabulary)

    def __len__(self) -> int:
        return len(self.faqs)

    def channel_scores(self, analysis: Analysis, query_vector: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """Raw scores of every FAQ per channel."""
        terms = {
            "question_words": list(analysis.words),
            "question_chars": char_grams(analysis.chars),
            "question_readings": char_grams(analysis.reading),
            "faq_words": list(analysis.plain),
        }
        scores = {name: channel.scores(terms[name]) for name, channel in self.channels.items()}
        if self.dense is not None and query_vector is not None:
            scores.update(self.dense.scores(query_vector))
        return scores

    def fused(self, scores: dict[str, np.ndarray], *, kana: bool = False) -> np.ndarray:
        """Weighted sum of each channel's scores scaled to 0–1: BM25 by its best score, cosines min–max (they
        never reach 0). A z-score normalisation was no better on our dev queries (docs/faq.md)."""
        weights = self.kana_weights if kana else self.weights
        total = np.zeros(len(self.faqs), dtype=np.float32)
        for name, values in scores.items():
            low = values.min() if name in DENSE_CHANNELS else 0.0
            span = values.max() - low
            if span > 0:
                total += getattr(weights, name) * (values - low) / span
        return total

    def coverage(self, units: tuple[Word, ...], position: int) -> float:
        """Share of the question's words, weighted by rarity, that the FAQ at `position` contains.

        A compound the FAQ lacks earns partial credit for the short parts it has (「国民健康保険料」 vs 「保険料」).
        """
        unique = {word.form: word for word in units}
        if not unique:
            return 0.0
        vocabulary = self.vocabulary[position]
        weight = {form: self.idf(form) for form in unique}
        found = sum(weight[form] * _credit(word, vocabulary) for form, word in unique.items())
        return found / sum(weight.values())

    def reading_coverage(self, reading: str, position: int) -> float:
        """Share of a kana question's reading (3-grams) found in the readings of the FAQ's question and aliases."""
        grams = reading_trigrams(reading)
        return len(grams & self.reading_grams[position]) / len(grams) if grams else 0.0

    def idf(self, word: str) -> float:
        """Rarity of a word among the FAQs; a word no FAQ has counts as the rarest."""
        count = self.document_frequency.get(word, 0)
        return float(np.log(1 + len(self.faqs) / (count + 0.5)))


PART_CREDIT = 0.8
"""Credit for a compound whose parts are all in the FAQ though the compound itself is not."""


TYPO_SIMILARITY = 0.6
"""Character-bigram Jaccard from which an unknown word counts as a misspelling of an FAQ's word."""
TYPO_MIN_LENGTH = 4
"""Shorter words are too easily 'similar' to be treated as typos."""


def _credit(word: Word, vocabulary: set[str]) -> float:
    if word.form in vocabulary:
        return 1.0
    if word.parts:
        return PART_CREDIT * sum(part in vocabulary for part in word.parts) / len(word.parts)
    if len(word.form) >= TYPO_MIN_LENGTH:
        return PART_CREDIT * _best_similarity(word.form, vocabulary)
    return 0.0


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _best_similarity(form: str, vocabulary: set[str]) -> float:
    """Similarity to the closest FAQ word (「はざーどまっぶ」 → 「はざーどまっぷ」), 0 below TYPO_SIMILARITY."""
    grams = _bigrams(form)
    best = 0.0
    for other in vocabulary:
        if abs(len(other) - len(form)) <= 2:
            theirs = _bigrams(other)
            best = max(best, len(grams & theirs) / len(grams | theirs))
    return best if best >= TYPO_SIMILARITY else 0.0


def _whole_faqs(analyses: list[Analysis], answers: list[Analysis], owners: list[int]) -> list[list[str]]:
    """Each FAQ's plain words: its question and aliases, then its answer."""
    documents: list[list[str]] = [[] for _ in answers]
    for owner, analysis in zip(owners, analyses):
        documents[owner].extend(analysis.plain)
    for document, answer in zip(documents, answers):
        document.extend(answer.plain)
    return documents


def _vocabulary(analyses: list[Analysis], answers: list[Analysis], owners: list[int], size: int) -> list[set[str]]:
    vocabulary: list[set[str]] = [_forms(answer) for answer in answers]
    for owner, analysis in zip(owners, analyses):
        vocabulary[owner].update(_forms(analysis))
    return vocabulary[:size]


def _forms(analysis: Analysis) -> set[str]:
    return {form for word in analysis.units for form in (word.form, *word.parts)}


def _document_frequency(vocabulary: list[set[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for words in vocabulary:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    return counts
