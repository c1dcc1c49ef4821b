"""Control-API I/O: a crowd of simulated citizens arriving through campaigns, for the demo city.

Some scan a poster's short link and send the prefilled code, some scan but delete the code, some find the
account without any link; some of them register and a few block again. Seeded, so every demo looks alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

from linesim.client import LinesimError, LinesimHandle

REGISTRATION = ("同意する", "{district}", "{age}", "{interest}", "完了", "スキップ")
"""What a registering citizen types, each equal to a button of the step it answers (the bot reads them so)."""


@dataclass(frozen=True)
class Arrival:
    name: str
    link: str | None
    """The short link scanned, or None for a friend who found the account another way."""
    sends_code: bool
    registers: bool
    blocks: bool


def plan(links: Sequence[str], count: int, seed: int = 2026) -> list[Arrival]:
    """`count` arrivals: about 60 % send the code, 20 % scan without sending it, 20 % come without a link.
    Links earlier in `links` are scanned more (a poster at the counter beats a school letter)."""
    chance = random.Random(seed)
    weights = [len(links) - position for position in range(len(links))]
    arrivals = []
    for number in range(1, count + 1):
        roll = chance.random()
        link = chance.choices(links, weights)[0] if links and roll < 0.8 else None
        sends = link is not None and roll < 0.6
        arrivals.append(Arrival(f"デモ市民{number}", link, sends, registers=sends and chance.random() < 0.5,
                                blocks=chance.random() < 0.08))
    return arrivals


def arrive(linesim: LinesimHandle, arrivals: Sequence[Arrival], *, district: str, age: str, interest: str) -> int:
    """Act out each arrival through linesim (webhooks reach the bot as from real phones); returns how many."""
    done = 0
    for arrival in arrivals:
        user_id = linesim.create_user(arrival.name)
        try:
            if arrival.link:
                linesim.scan(user_id, arrival.link, send=arrival.sends_code)
            else:
                linesim.follow(user_id)
            if arrival.registers:
                for typed in REGISTRATION:
                    linesim.text(user_id, typed.format(district=district, age=age, interest=interest))
            if arrival.blocks:
                linesim.block(user_id)
        except LinesimError:
            continue
        done += 1
    return done
