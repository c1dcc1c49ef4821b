"""Pure (SudachiPy, dictionary loaded once per thread): words and readings of Japanese text for ranking.

Words are Sudachi's normalised forms (申込み → 申し込み, こども → 子供) of the long units (mode C,
「国民健康保険料」) plus their short parts (mode A, 「国民」「健康」「保険」「料」), so a citizen who writes
either matches. Readings (in hiragana) let 「じゅうみんひょう」 meet 「住民票」 in the character channel.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass

from sudachipy import Dictionary, SplitMode

from bot.faq.normalize import fold, normalize, to_hiragana
from bot.faq.synonyms import Synonyms, default

KEPT_PARTS_OF_SPEECH = frozenset({"名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "接尾辞", "連体詞"})
"""Content words; particles, auxiliaries, symbols and spaces carry nothing for ranking."""

STOP_WORDS = frozenset({
    "ある", "あれ", "いい", "いただく", "いつ", "いる", "ください", "くれる", "こと", "これ", "さ", "する", "それ", "たい", "ちょっと", "できる", "です",
    "とき", "ところ", "どう", "どこ", "どの", "どれ", "どんな", "など", "なに", "なる", "について", "の", "ます", "もの", "もらう", "やる", "よう",
    "ん", "下さる", "事", "何", "僕", "其れ", "出来る", "分かる", "呉れる", "場合", "尋ねる", "居る", "幾ら", "思う", "成る", "所", "教える", "方",
    "時", "有る", "様", "欲しい", "此れ", "為", "為る", "物", "知る", "私", "等", "聞く", "自分", "良い", "行う", "言う", "調べる", "貰う",
    "遣る", "際", "頂く",
})
"""Words every question has (「教えてください」「どうすればいい」): they would only add noise."""

MAX_CHUNK = 4000
"""Sudachi refuses inputs over ~49 KB; long answers are tokenised line by line in chunks below that."""


URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
"""Links in answers (「www」「city」「jp」) say nothing about the question."""


@dataclass(frozen=True)
class Word:
    form: str
    """Sudachi's normalised form of the long unit (mode C), in hiragana where it was katakana."""
    parts: tuple[str, ...] = ()
    """Its short units (mode A) when it has more than one."""


@dataclass(frozen=True)
class Analysis:
    units: tuple[Word, ...]
    """The content words, in order."""
    words: tuple[str, ...]
    """The terms indexed: long forms and/or parts, as the analyzer's `units` setting says."""
    reading: str
    """Hiragana reading of the whole text."""
    chars: str
    """The text folded for character matching (see normalize.fold)."""
    plain: tuple[str, ...] = ()
    """Every short unit's normalised form, particles included (symbols and spaces not): plain BM25 terms, which
    matched long answers better than the content words (docs/faq.md, Ranking)."""


class Analyzer:
    """Turns text into content words and a hiragana reading; one Sudachi tokenizer per thread."""

    def __init__(self, synonyms: Synonyms | None = None, *, units: str = "CA") -> None:
        self._dictionary = Dictionary(dict="core")
        self._local = threading.local()
        self.synonyms = synonyms or default()
        self.units = units
        """Which terms to index: "C" long units, "A" short units, "CA" both (measured best, docs/faq.md)."""

    def _tokenizer(self):
        if not hasattr(self._local, "tokenizer"):
            self._local.tokenizer = self._dictionary.tokenizer(mode=SplitMode.C)
        return self._local.tokenizer

    def analyze(self, text: str, *, question: bool = False) -> Analysis:
        """Words, reading and folded characters; a citizen's question also gets the synonyms' extra words."""
        units: list[Word] = []
        reading: list[str] = []
        chars: list[str] = []
        plain: list[str] = []
        for chunk in _chunks(URL.sub(" ", text)):
            chunk = normalize(chunk)
            chunk = self.synonyms.expand(chunk) if question else self.synonyms.rewrite(chunk)
            for morpheme in self._tokenizer().tokenize(chunk):
                short = _short_forms(morpheme)
                units.extend(_content_word(morpheme, short))
                reading.append(_reading(morpheme))
                plain.extend(short)
            chars.append(fold(chunk))
        return Analysis(tuple(units), self._terms(units), "".join(reading), " ".join(chars), tuple(plain))

    def _terms(self, units: list[Word]) -> tuple[str, ...]:
        terms: list[str] = []
        for word in units:
            if "C" in self.units or not word.parts:
                terms.append(word.form)
            if "A" in self.units:
                terms.extend(word.parts)
        return tuple(term for term in terms if term not in STOP_WORDS)


def _content_word(morpheme, short: list[str]) -> list[Word]:
    """The long unit with its short parts (`short`, its `_short_forms`); nothing for particles, symbols and words
    every question has."""
    if morpheme.part_of_speech()[0] not in KEPT_PARTS_OF_SPEECH:
        return []
    form = morpheme.normalized_form()
    if form in STOP_WORDS or not form.strip():
        return []
    return [Word(_term(form), tuple(short) if len(short) > 1 else ())]


def _short_forms(morpheme) -> list[str]:
    """The morpheme's short units (itself if it has one), as terms; none for symbols and spaces."""
    if morpheme.part_of_speech()[0] in ("補助記号", "空白"):
        return []
    return [_term(part.normalized_form()) for part in morpheme.split(SplitMode.A, add_single=True)]


def _term(form: str) -> str:
    """One shared string per distinct term: an index of 2,000 long answers holds a million of them."""
    return sys.intern(to_hiragana(form))


def _reading(morpheme) -> str:
    """Hiragana reading of a word; the surface for symbols, digits and Latin letters (their 'reading' is noise)."""
    surface = morpheme.surface()
    if morpheme.part_of_speech()[0] in ("補助記号", "空白", "記号") or surface.isascii():
        return surface if morpheme.part_of_speech()[0] != "空白" else " "
    return to_hiragana(morpheme.reading_form())


def _chunks(text: str) -> list[str]:
    chunks, current = [], ""
    for line in text.splitlines() or [text]:
        if current and len(current) + len(line) > MAX_CHUNK:
            chunks.append(current)
            current = ""
        current += line[:MAX_CHUNK] + "\n"
    return [chunk for chunk in chunks + [current] if chunk.strip()]
