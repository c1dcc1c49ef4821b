"""Pure: language variants of a broadcast and which one each citizen gets (their language, else 日本語)."""

from __future__ import annotations

BASE_LANGUAGE = "ja"
"""Every broadcast has a 日本語 variant; citizens whose language has no variant get it."""


def pool_order(variants: dict[str, list[dict]]) -> list[str]:
    """Variants in batching order: each other language gets its own batches; 日本語 comes last and takes
    everyone left (citizens of that base language, of a language without a variant, or of no stated language)."""
    others = sorted(language for language, messages in variants.items() if messages and language != BASE_LANGUAGE)
    return [*others, BASE_LANGUAGE]
