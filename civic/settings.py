"""Pure: what citizens can report (categories and the departments that handle them), the city's boundary,
and the limits; read from the city's civic file (cities/demo_civic.json for the demo city)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 10 * 1024 * 1024
"""LINE keeps images up to 10 MB; anything larger is not a phone photo."""
COMMENT_LIMIT = 200
"""A short comment: staff read many reports, and the photo and place say the rest."""


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    department: str


@dataclass(frozen=True)
class CivicSettings:
    categories: tuple[Category, ...]
    boundary: tuple[tuple[float, float], ...]
    """The city's outline as (latitude, longitude) corners; a point outside gets a kind reply."""
    daily_limit: int = 5
    """Reports one friend may send in a day (a flood from one phone is not 20 potholes)."""

    def category(self, code: str) -> Category | None:
        return next((category for category in self.categories if category.code == code), None)

    @property
    def departments(self) -> list[str]:
        return sorted({category.department for category in self.categories})

    def inside(self, latitude: float, longitude: float) -> bool:
        """Ray casting over the boundary polygon (fine at a city's scale, where the earth is flat enough)."""
        corners, inside = self.boundary, False
        for (lat1, lon1), (lat2, lon2) in zip(corners, corners[1:] + corners[:1]):
            if (lon1 > longitude) != (lon2 > longitude):
                crossing = lat1 + (longitude - lon1) * (lat2 - lat1) / (lon2 - lon1)
                if latitude < crossing:
                    inside = not inside
        return inside

    @property
    def centre(self) -> tuple[float, float]:
        return (sum(lat for lat, _ in self.boundary) / len(self.boundary),
                sum(lon for _, lon in self.boundary) / len(self.boundary))


def load(path: Path) -> CivicSettings:
    raw = json.loads(path.read_text(encoding="utf-8"))
    categories = tuple(Category(item["code"], item["label"], item["department"]) for item in raw["categories"])
    if not categories or len({category.code for category in categories}) != len(categories):
        raise ValueError(f"{path}: categories must be given, each with its own code")
    boundary = tuple((float(lat), float(lon)) for lat, lon in raw["boundary"])
    if len(boundary) < 3:
        raise ValueError(f"{path}: the boundary needs at least three corners")
    return CivicSettings(categories, boundary, int(raw.get("daily_limit", 5)))
