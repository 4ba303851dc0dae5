"""etl/catalog.yaml as typed objects: sectors, zones, units and indicators with their aliases."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from etl.model import Indicator

CATALOG_PATH = Path(__file__).with_name("catalog.yaml")


@dataclass(frozen=True)
class Named:
    id: str
    zh: str
    en: str


@dataclass(frozen=True)
class Zone(Named):
    anchor: str
    aliases: tuple[str, ...]
    description_zh: str
    description_en: str


@dataclass(frozen=True)
class CatalogIndicator(Named):
    unit: str | None
    sector: str
    aliases: tuple[str, ...]
    headline: bool = False

    def as_indicator(self) -> Indicator:
        return Indicator(self.id, self.zh, self.en, self.unit, self.sector)


@dataclass(frozen=True)
class Catalog:
    sectors: tuple[Named, ...]
    zones: tuple[Zone, ...]
    units: tuple[Named, ...]
    kinds: tuple[Named, ...]
    measures: tuple[Named, ...]
    qualifiers: tuple[Named, ...]
    indicators: tuple[CatalogIndicator, ...]
    # written unit (亿元) -> (base unit id, factor to the base unit)
    unit_factors: dict[str, tuple[str, float]] = field(default_factory=dict)
    # base unit id -> (lowest, highest) plausible value of a fact
    unit_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)

    @cached_property
    def _aliases_longest_first(self) -> list[tuple[str, CatalogIndicator]]:
        pairs = [(alias, ind) for ind in self.indicators for alias in (ind.zh, *ind.aliases)]
        return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)

    def indicator(self, indicator_id: str) -> CatalogIndicator | None:
        return next((ind for ind in self.indicators if ind.id == indicator_id), None)

    def resolve_indicator(self, phrase: str) -> CatalogIndicator | None:
        """The indicator whose longest alias occurs in `phrase` (case-insensitive), or None."""
        folded = phrase.casefold()
        for alias, ind in self._aliases_longest_first:
            if alias.casefold() in folded:
                return ind
        return None

    def is_plausible(self, value: float, unit: str) -> bool:
        """Whether `value` lies within the plausible range of `unit` (a unit without a range has no bound)."""
        low, high = self.unit_ranges.get(unit, (float("-inf"), float("inf")))
        return low <= value <= high

    def unit_of(self, written: str) -> tuple[str, float] | None:
        """(base unit id, factor) for a unit as written, e.g. 亿元 -> ("yuan", 1e8)."""
        return self.unit_factors.get(written)


def _named(rows: list[dict]) -> tuple[Named, ...]:
    return tuple(Named(r["id"], str(r["zh"]), str(r["en"])) for r in rows)


def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    zones = tuple(
        Zone(
            z["id"], z["zh"], z["en"], z["anchor"], tuple(z.get("aliases", ())),
            z["description_zh"], z["description_en"],
        )
        for z in raw["zones"]
    )
    indicators = tuple(
        CatalogIndicator(
            i["id"], str(i["zh"]), str(i["en"]), i.get("unit"), i["sector"],
            tuple(str(a) for a in i.get("aliases", ())), bool(i.get("headline", False)),
        )
        for i in raw["indicators"]
    )
    unit_factors = {
        str(written): (u["id"], float(factor))
        for u in raw["units"]
        for written, factor in (u.get("from") or {}).items()
    }
    unit_ranges = {u["id"]: (float(u["range"][0]), float(u["range"][1])) for u in raw["units"]}
    return Catalog(
        sectors=_named(raw["sectors"]),
        zones=zones,
        units=_named(raw["units"]),
        kinds=_named(raw["kinds"]),
        measures=_named(raw["measures"]),
        qualifiers=_named(raw["qualifiers"]),
        indicators=indicators,
        unit_factors=unit_factors,
        unit_ranges=unit_ranges,
    )
