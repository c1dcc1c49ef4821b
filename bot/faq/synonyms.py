"""Pure: the synonym dictionary of citizens' words (synonyms.txt) and how it rewrites text.

Equivalences rewrite FAQs and questions alike (「国保」 → 「国民健康保険」), so either spelling matches;
expansions only add words to a question (「いくら」 also looks for 「料金」「手数料」).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.faq.normalize import normalize


@dataclass(frozen=True)
class Synonyms:
    canonical: dict[str, str]
    expansions: dict[str, str]

    @property
    def _pattern(self) -> re.Pattern:
        return _alternation(tuple(self.canonical))

    def rewrite(self, text: str) -> str:
        """Every variant replaced by its canonical word (text already normalised)."""
        if not self.canonical:
            return text
        return self._pattern.sub(lambda found: self.canonical[found.group(0)], text)

    def expand(self, text: str) -> str:
        """The rewritten text followed by the extra words its expansions ask for."""
        text = self.rewrite(text)
        extras = [words for word, words in self.expansions.items() if word in text]
        return " ".join([text, *extras]) if extras else text


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern:
    # Longest first, so 「マイナンバーカード」 is kept whole instead of its prefix 「マイナ」 being rewritten.
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def parse(text: str) -> Synonyms:
    """Read the dictionary format described at the top of synonyms.txt."""
    canonical: dict[str, str] = {}
    expansions: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            word, variants = (part.strip() for part in line.split("=", 1))
            word = normalize(word)
            canonical[word] = word
            for variant in variants.split(","):
                if variant.strip():
                    canonical.setdefault(normalize(variant), word)
        elif ">" in line:
            word, extra = (part.strip() for part in line.split(">", 1))
            expansions[normalize(word)] = normalize(extra)
    return Synonyms(canonical, expansions)


@cache
def default() -> Synonyms:
    """The dictionary shipped with citybot."""
    return parse(resources.files("bot.faq").joinpath("synonyms.txt").read_text(encoding="utf-8"))
