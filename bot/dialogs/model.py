"""Pure: the values a dialog step reads and returns (choices, open state, answers, changes, outcome)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from segments.city import City

FLOWS: dict[str, tuple[str, ...]] = {
    "reg": ("start", "consent", "district", "age", "interest", "language"),
    "set": ("menu", "help", "consent", "district", "age", "interest", "language"),
    "stop": ("list",),
    "del": ("confirm",),
}
"""Postback prefixes we own and the steps each may name; "reg" walks the steps in order, "set" returns to the menu.

The end of registration ("reg", "finish") is reached only by chaining, never named by a button.
"""

FIELDS = {"district": "district", "age": "age", "interest": "interests", "language": "language"}
"""Attribute steps (named as in segment expressions, `district:中央`) and the follower field each one sets."""

_SEPARATOR = ":"


@dataclass(frozen=True)
class Choices:
    """What the citizen has told us (a pure copy of the stored follower)."""

    consent: str = ""  # "granted" | "refused" | "" (not asked yet)
    consent_version: str = ""
    district: str | None = None
    age: str | None = None
    interests: frozenset[str] = frozenset()
    language: str | None = None
    optouts: frozenset[str] = frozenset()

    def consented(self, city: City) -> bool:
        """Consent given to the notice the city shows now."""
        return self.consent == "granted" and self.consent_version == city.privacy_version

    def decided(self, city: City) -> bool:
        """The citizen already answered the current notice (either way)."""
        return self.consent in ("granted", "refused") and self.consent_version == city.privacy_version

    def holds_attributes(self) -> bool:
        return bool(self.district or self.age or self.interests or self.language)

    def value(self, step: str):
        return getattr(self, FIELDS[step])

    def after(self, changes: "Changes", city: City) -> "Choices":
        """These choices as they will be once `changes` are stored."""
        if changes.erase:
            return Choices()
        updated = self
        if changes.consent is False:  # the store keeps nothing but the ID and status without consent
            updated = replace(updated, district=None, age=None, interests=frozenset(), language=None)
        if changes.consent is not None:
            updated = replace(updated, consent="granted" if changes.consent else "refused",
                              consent_version=city.privacy_version)
        updated = replace(updated, **changes.attributes)
        if changes.opt_out:
            updated = replace(updated, optouts=updated.optouts | {changes.opt_out})
        if changes.opt_in:
            updated = replace(updated, optouts=updated.optouts - {changes.opt_in})
        return updated


@dataclass(frozen=True)
class DialogState:
    """The step a citizen is answering right now (kept in Redis with a TTL)."""

    flow: str
    step: str
    page: int = 0
    picked: tuple[str, ...] | None = None  # the 関心 chosen so far, before 完了


@dataclass(frozen=True)
class Answer:
    """One move in a dialog, encoded as compact postback data `flow:step:verb[:value]`."""

    flow: str
    step: str
    verb: str = "show"  # show | pick | skip | back | done | clear | page | close | off | on
    value: str = ""

    @property
    def data(self) -> str:
        parts = (self.flow, self.step, self.verb) + ((self.value,) if self.value else ())
        return _SEPARATOR.join(parts)

    @classmethod
    def parse(cls, data: str) -> "Answer | None":
        """None unless the data names a flow and a step of that flow (values never contain a colon)."""
        parts = data.split(_SEPARATOR, 3)
        if len(parts) < 3 or parts[1] not in FLOWS.get(parts[0], ()):
            return None
        return cls(*parts)

    def to(self, **fields) -> "Answer":
        return replace(self, **fields)


@dataclass(frozen=True)
class Changes:
    """What the step asks the store to do; route.py carries it out."""

    consent: bool | None = None
    attributes: dict[str, object] = field(default_factory=dict)  # FollowerStore.update keywords -> value (None clears)
    opt_out: str | None = None
    opt_in: str | None = None
    erase: bool = False
    registered: bool = False  # the registration dialog reached its end

    def merged(self, later: "Changes") -> "Changes":
        return Changes(
            consent=self.consent if later.consent is None else later.consent,
            attributes={**self.attributes, **later.attributes},
            opt_out=later.opt_out or self.opt_out,
            opt_in=later.opt_in or self.opt_in,
            erase=self.erase or later.erase,
            registered=self.registered or later.registered,
        )

    @property
    def needs_record(self) -> bool:
        """The change must be written to a follower record (re-created if it was erased)."""
        return self.consent is not None or bool(self.attributes) or bool(self.opt_out or self.opt_in)


NO_CHANGES = Changes()


@dataclass(frozen=True)
class View:
    """Everything a step may look at: the city, the citizen's choices, the open state, a language suggestion."""

    city: City
    choices: Choices = Choices()
    state: DialogState | None = None
    suggested_language: str | None = None

    def after(self, changes: Changes) -> "View":
        return replace(self, choices=self.choices.after(changes, self.city))


@dataclass(frozen=True)
class Outcome:
    """A step's result: replies to send, the state to keep (None closes the dialog), changes to store.

    `then` chains to another step (shown after these replies), so steps never call each other.
    """

    replies: tuple[dict, ...] = ()
    state: DialogState | None = None
    changes: Changes = NO_CHANGES
    then: Answer | None = None
