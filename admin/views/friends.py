"""Flask: 友だち — how many friends chose each 地区/年代/関心/言語 and consent figures; never one citizen's choices."""

from __future__ import annotations

from collections import Counter

from admin.blueprint import bp, render, services
from segments import audience, consent
from segments.expr import Term
from segments.nodes import ATTRIBUTES
from segments.privacy import display_count
from segments.store import FollowerStore
from segments.wording import LANGUAGE_NAMES

CONSENT_EVENTS = (("grant", "同意"), ("refuse", "同意しない"), ("withdraw", "同意の取り消し"),
                  ("change", "新しい版への同意"), ("erased", "データの削除"))
"""Consent ledger events in the order shown, with their labels."""


@bp.get("/friends")
def friends():
    redis, city = services().redis, services().config.city
    store = FollowerStore(redis, city)
    ledger = Counter(entry.event for entry in consent.entries(redis))
    return render("friends.html", title="友だち", active=display_count(store.count_active()),
                  consented=display_count(store.count_consented()),
                  breakdown=_breakdown(redis, city.attribute_values()),
                  ledger=[(label, display_count(ledger[event])) for event, label in CONSENT_EVENTS])


def _breakdown(redis, values: dict[str, tuple[str, ...]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per attribute, each value's consenting friends, as 「10人未満」 below the privacy floor."""
    return [(ATTRIBUTES[attribute], [(LANGUAGE_NAMES.get(value, value) if attribute == "language" else value,
                                      display_count(audience.count(redis, Term(attribute, value))))
                                     for value in choices])
            for attribute, choices in values.items()]
