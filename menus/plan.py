"""Pure: which menu each friend sees — the rules that map segments to menus, and disaster mode over them.

LINE shows a friend the menu linked to them, else the account's default menu. citybot makes the default the
menu for friends it knows nothing about (not registered: a 「登録する」 menu), so a new friend sees it with no
call at all; a registered friend gets the first rule whose segment they are in, else the `registered` menu,
and is linked to it only when that differs from the default. In disaster mode the disaster menu is the
default and nobody is linked, so every friend sees it at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from segments.city import City
from segments.evaluate import evaluate
from segments.expr import SegmentSyntaxError, parse
from segments.follower import Follower


@dataclass(frozen=True)
class Rule:
    segment: str
    menu: str


@dataclass(frozen=True)
class Plan:
    default: str
    """Friends citybot holds no registration for (also LINE's default menu)."""
    registered: str
    """Registered friends no rule matches."""
    disaster: str
    rules: tuple[Rule, ...] = field(default_factory=tuple)

    def menu_keys(self) -> set[str]:
        return {self.default, self.registered, self.disaster, *(rule.menu for rule in self.rules)}


def problems(plan: Plan, city: City, known_keys: set[str]) -> list[str]:
    """Unknown menus and segment expressions that do not parse, in Japanese."""
    found = [f"メニュー「{key}」がありません。" for key in sorted(plan.menu_keys() - known_keys)]
    for number, rule in enumerate(plan.rules, start=1):
        try:
            parse(rule.segment, city)
        except SegmentSyntaxError as error:
            found.append(f"割り当て {number} の対象「{rule.segment}」: {error}")
    return found


def menu_for(follower: Follower | None, plan: Plan, city: City) -> str:
    """The menu this friend should see in normal times."""
    if follower is None or not follower.active or not follower.consented or follower.district is None:
        return plan.default
    chosen = set(follower.segment_values())

    def members(attribute: str, value: str) -> set[str]:
        return {follower.user_id} if (attribute, value) in chosen else set()

    me = {follower.user_id}
    for rule in plan.rules:
        if evaluate(parse(rule.segment, city), members=members, universe=me, everyone=me):
            return rule.menu
    return plan.registered


def default_menu(plan: Plan, disaster: bool) -> str:
    return plan.disaster if disaster else plan.default


def linked_menu(menu: str, plan: Plan, disaster: bool) -> str | None:
    """The menu to link to a friend whose normal menu is `menu`, or None: they see the default."""
    if disaster or menu == plan.default:
        return None
    return menu


def to_dict(plan: Plan) -> dict:
    return {"default": plan.default, "registered": plan.registered, "disaster": plan.disaster,
            "rules": [{"segment": rule.segment, "menu": rule.menu} for rule in plan.rules]}


def from_dict(raw: dict) -> Plan:
    return Plan(default=raw["default"], registered=raw["registered"], disaster=raw["disaster"],
                rules=tuple(Rule(rule["segment"], rule["menu"]) for rule in raw.get("rules", ())))


def link_changes(desired: dict[str, str], applied: dict[str, str], plan: Plan, disaster: bool,
                 line_ids: dict[str, str]) -> dict[str | None, list[str]]:
    """Target LINE rich menu ID (None: unlink, so the default shows) → the friends whose link must change.

    `desired` is each friend's normal-times menu key, `applied` the LINE ID linked to them now. Friends are
    in ID order, so a run cut short and started again goes through them in the same order.
    """
    changes: dict[str | None, list[str]] = {}
    for user_id in sorted(desired.keys() | applied.keys()):
        menu = linked_menu(desired.get(user_id, plan.default), plan, disaster)
        target = line_ids.get(menu) if menu is not None else None
        if menu is not None and target is None:
            continue                                 # not published yet: the friend keeps what they have
        if applied.get(user_id) != target:
            changes.setdefault(target, []).append(user_id)
    return changes
