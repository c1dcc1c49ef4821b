"""Pure: text normalisation for matching (width, kana, long vowels, ヶ, okurigana variants).

Normalised text is only ever used for matching; citizens always see the FAQ text as written.
"""

from __future__ import annotations

import re
import unicodedata

HIRAGANA_OFFSET = ord("ァ") - ord("ぁ")

DASHES_AFTER_KANA = re.compile(r"(?<=[ぁ-んァ-ヶー])[-‐‑‒–—―−ｰ～〜]")
"""Dashes and tildes written for the long vowel mark after kana (「ゴ―ル」, 「スポ-ツ」, 「こ〜ひ〜」)."""

SMALL_KE = re.compile(r"(?<=[\u4e00-\u9fff々])[ヶケヵが](?=[\u4e00-\u9fff々])")
"""緑ヶ丘, 緑ケ丘, 緑ヵ丘 and 緑が丘 are one place name; between two kanji they are one letter."""

SPACES = re.compile(r"\s+")

OKURIGANA_VARIANTS: dict[str, str] = {
    "申し込み": "申込", "申込み": "申込", "申し込": "申込",
    "受け付け": "受付", "受付け": "受付",
    "取り扱い": "取扱", "取扱い": "取扱",
    "引っ越し": "引越", "引越し": "引越", "引っ越": "引越",
    "手続き": "手続",
    "届け出": "届出",
    "問い合わせ": "問合せ", "問い合せ": "問合せ", "問合わせ": "問合せ",
    "受け取り": "受取", "受取り": "受取",
    "振り込み": "振込", "振込み": "振込",
    "払い込み": "払込", "払込み": "払込",
    "貸し出し": "貸出", "貸出し": "貸出",
    "切り替え": "切替", "切替え": "切替",
    "書き換え": "書換", "書換え": "書換",
    "割り引き": "割引",
    "立ち入り": "立入",
    "繰り上げ": "繰上",
    "呼び出し": "呼出",
    "持ち込み": "持込", "持込み": "持込",
    "取り消し": "取消", "取消し": "取消",
    "売り場": "売場",
    "見積もり": "見積", "見積り": "見積",
    "住み替え": "住替",
    "乗り換え": "乗換",
    "落とし物": "落し物",
}
"""Common variants in the way people write okurigana: every spelling maps to one for character matching."""

OKURIGANA = re.compile("|".join(sorted(map(re.escape, OKURIGANA_VARIANTS), key=len, reverse=True)))


def to_hiragana(text: str) -> str:
    """Katakana → hiragana (ゴミ → ごみ); other characters unchanged."""
    return "".join(chr(ord(char) - HIRAGANA_OFFSET) if "ァ" <= char <= "ヶ" and char not in "ヵヶ" else char
                   for char in text)


def normalize(text: str) -> str:
    """NFKC (full/half width), lower case, one long-vowel mark, one ヶ, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = DASHES_AFTER_KANA.sub("ー", text)
    text = SMALL_KE.sub("ヶ", text)
    return SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """The form for character matching: normalised, okurigana unified, katakana folded to hiragana."""
    return to_hiragana(OKURIGANA.sub(lambda found: OKURIGANA_VARIANTS[found.group(0)], normalize(text)))
