"""Redis I/O: staff's changes to menus and to the plan, checked completely before anything is stored.

A menu comes from the console as a layout and one (label, kind, value) row per tap area; its image is the
one staff upload or, without one, a generated one. A bad image or a bad row stores nothing, so the menu
citizens see stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from redis import Redis

import audit
from menus import store
from menus.images import content_type, draw, image_problems
from menus.model import ACTION_LABEL_CHARS, Menu, MenuError, from_layout, problems
from menus.plan import Plan, Rule
from menus.plan import problems as plan_problems
from segments.city import City

ACTION_KINDS = {"message": "メッセージを送る", "uri": "リンクを開く", "switch": "別のメニューに切り替える"}


@dataclass(frozen=True)
class AreaInput:
    label: str
    kind: str
    value: str


def action_of(area: AreaInput) -> dict:
    """LINE's action object for a row of the console's form (the label is what screen readers say)."""
    label = " ".join(area.label.split())[:ACTION_LABEL_CHARS]
    if area.kind == "uri":
        return {"type": "uri", "label": label, "uri": area.value.strip()}
    if area.kind == "switch":
        return {"type": "richmenuswitch", "label": label, "richMenuAliasId": area.value.strip(),
                "data": f"menu:{area.value.strip()}"}
    return {"type": "message", "label": label, "text": area.value.strip()}


def save_menu(redis: Redis, *, key: str, name: str, chat_bar_text: str, layout: str, areas: list[AreaInput],
              image: bytes | None, actor: str, at: datetime, colors: tuple[str, ...] = ()) -> Menu:
    """Check and store a menu (not yet on LINE: publishing is a separate step); MenuError lists every problem."""
    found = [f"ボタン {number}: 種類を選んでください。" for number, area in enumerate(areas, start=1)
             if area.kind not in ACTION_KINDS]
    if found:
        raise MenuError(found)
    menu = from_layout(key=key.strip(), name=name.strip(), chat_bar_text=chat_bar_text.strip(), layout=layout,
                       areas=[(area.label.replace("\\n", "\n").strip(), action_of(area)) for area in areas],
                       colors=colors)
    known = store.menu_keys(redis) | {menu.key}
    found = problems(menu, known)
    if image:
        found += image_problems(image, menu.pixels)
    if found:
        raise MenuError(found)
    generated = not image
    previous = store.get_menu(redis, menu.key)
    if generated and previous is not None and not previous.generated and previous.menu.size == menu.size:
        image, generated = previous.image, False           # keep the designed image staff uploaded before
    if generated:
        menu = replace(menu, colors=colors or (previous.menu.colors if previous else ()))
        image = draw(menu)
    with redis.pipeline(transaction=True) as pipe:
        store.save_menu(redis, menu, image, content_type(image), generated=generated, actor=actor, at=at,
                        pipeline=pipe)
        audit.record(redis, actor=actor, action="menus.save", target=menu.key,
                     details={"name": menu.name, "image": "generated" if generated else "uploaded"}, pipeline=pipe)
        pipe.execute()
    return menu


def parse_rules(text: str) -> tuple[Rule, ...]:
    """Lines of 「segment => menu」 (blank lines and lines starting with # are skipped)."""
    rules, found = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        segment, arrow, menu = line.rpartition("=>")
        if not arrow or not segment.strip() or not menu.strip():
            found.append(f"{number} 行目: 「対象 => メニューID」の形で書いてください (例: language:en => en)。")
            continue
        rules.append(Rule(segment.strip(), menu.strip()))
    if found:
        raise MenuError(found)
    return tuple(rules)


def save_plan(redis: Redis, city: City, plan: Plan, *, actor: str) -> None:
    """Store a new plan (the caller relinks everyone); refused in disaster mode, whose end restores the old one."""
    if store.is_disaster(redis):
        raise MenuError(["災害モードの間は割り当てを変えられません。災害モードを解除すると、元の割り当てに戻ります。"])
    found = plan_problems(plan, city, store.menu_keys(redis))
    if found:
        raise MenuError(found)
    with redis.pipeline(transaction=True) as pipe:
        store.save_plan(redis, plan, pipeline=pipe)
        audit.record(redis, actor=actor, action="menus.plan", target="plan",
                     details={"default": plan.default, "registered": plan.registered, "disaster": plan.disaster,
                              "rules": [f"{rule.segment} => {rule.menu}" for rule in plan.rules]}, pipeline=pipe)
        pipe.execute()
