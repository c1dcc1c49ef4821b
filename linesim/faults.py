"""Pure: fault injection per endpoint (500s, 429s, added latency, dropped connections), drawn from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields
from typing import Mapping

FAILURES = ("error_500", "error_429", "drop", "drop_after_send")
"""Probabilities, drawn once per request. `drop_after_send` sends first and then loses the answer, which is
exactly the case where only a retry key keeps a retried request from being sent twice."""

ANY_ENDPOINT = "*"


@dataclass(frozen=True)
class FaultSpec:
    error_500: float = 0.0
    error_429: float = 0.0
    drop: float = 0.0
    drop_after_send: float = 0.0
    latency_ms: int = 0
    latency_rate: float = 1.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> "FaultSpec":
        """Validate names and ranges; raises ValueError with a readable reason."""
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown fault setting(s) {unknown}; known: {sorted(known)}")
        spec = cls(**{name: _number(name, value) for name, value in values.items()})
        spec._check()
        return spec

    def _check(self) -> None:
        for name in (*FAILURES, "latency_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be a probability between 0 and 1")
        if sum(getattr(self, name) for name in FAILURES) > 1.0:
            raise ValueError("the failure probabilities add up to more than 1")
        if self.latency_ms < 0:
            raise ValueError("latency_ms must not be negative")

    def to_dict(self) -> dict:
        return asdict(self)


def _number(name: str, value: object) -> float | int:
    try:
        return int(value) if name == "latency_ms" else float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None


@dataclass(frozen=True)
class FaultPlan:
    """What happens to one request: wait `latency_s`, then fail with `failure` or (maybe) drop after sending."""

    latency_s: float = 0.0
    failure: str | None = None


NO_FAULT = FaultPlan()


class Faults:
    """Fault specs per endpoint name; the `*` spec applies to endpoints without their own."""

    def __init__(self, specs: Mapping[str, FaultSpec] | None = None, seed: int | None = None):
        self._specs = dict(specs or {})
        self._random = random.Random(seed)

    def set(self, endpoint: str, spec: FaultSpec | None) -> None:
        if spec is None or spec == FaultSpec():
            self._specs.pop(endpoint, None)
        else:
            self._specs[endpoint] = spec

    def plan(self, endpoint: str) -> FaultPlan:
        spec = self._specs.get(endpoint) or self._specs.get(ANY_ENDPOINT)
        if spec is None:
            return NO_FAULT
        latency = spec.latency_ms / 1000 if self._random.random() < spec.latency_rate else 0.0
        return FaultPlan(latency_s=latency, failure=self._draw(spec))

    def _draw(self, spec: FaultSpec) -> str | None:
        draw, threshold = self._random.random(), 0.0
        for name in FAILURES:
            threshold += getattr(spec, name)
            if draw < threshold:
                return name
        return None

    def to_dict(self) -> dict:
        return {endpoint: spec.to_dict() for endpoint, spec in self._specs.items()}


def parse_fault_option(text: str) -> tuple[str, FaultSpec]:
    """`multicast:error_500=0.1,latency_ms=200` → ("multicast", FaultSpec(...)); `*` means every endpoint."""
    endpoint, _, settings = text.partition(":")
    if not endpoint or not settings:
        raise ValueError(f"expected ENDPOINT:name=value[,name=value...], got {text!r}")
    values = {}
    for pair in settings.split(","):
        name, equals, value = pair.partition("=")
        if not equals:
            raise ValueError(f"expected name=value, got {pair!r}")
        values[name.strip()] = value.strip()
    return endpoint.strip(), FaultSpec.from_mapping(values)
