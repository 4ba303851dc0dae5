"""The five zones of 四城一中心 with their anchor points, and the district boundary.

No official zone outline exists in the sources (data/raw/geo/README.md), so a zone is a point: the WGS-84
position of the landmark its catalog entry names as anchor, marked schematic. An outline from
data/raw/zones.geojson (one feature per zone, property zone_id) replaces the schematic position.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from etl.catalog import Catalog, Zone
from etl.read import InputError, decode_text

LANDMARKS_PATH = Path("geo") / "landmarks.csv"
BOUNDARY_PATH = Path("geo") / "lusong_boundary_wgs84.geojson"
ZONES_GEOJSON_PATH = Path("zones.geojson")
BOUNDARY_ID = "lusong_district"
CONFIDENCE_ZH = {"high": "高", "medium": "中", "low": "低"}


@dataclass(frozen=True)
class ZoneRow:
    zone_id: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    lat: float | None
    lon: float | None
    anchor_zh: str | None
    anchor_en: str | None
    geometry_geojson: str | None
    is_schematic: bool


@dataclass(frozen=True)
class BoundaryRow:
    boundary_id: str
    name_zh: str
    name_en: str
    geometry_geojson: str
    source: str


@dataclass(frozen=True)
class Landmark:
    name_zh: str
    name_en: str
    lat: float
    lon: float
    confidence: str

    @property
    def is_proxy(self) -> bool:
        return "参考点" in self.name_zh

    def description_zh(self, schematic: bool) -> str:
        what = "代理点（街道/镇的中心点，不是该区域本身）" if self.is_proxy else "地标坐标"
        confidence = CONFIDENCE_ZH.get(self.confidence, self.confidence)
        where = "；该区域无官方范围，位置为示意" if schematic else ""
        return f"{self.name_zh}：{what}，置信度{confidence}{where}"

    def description_en(self, schematic: bool) -> str:
        what = (
            "proxy point (centre of the subdistrict or town, not the zone itself)"
            if self.is_proxy
            else ("landmark coordinate")
        )
        where = "; no official outline exists, the position is schematic" if schematic else ""
        return f"{self.name_en}: {what}, confidence {self.confidence}{where}"


def _json_geometry(geometry: object) -> str:
    return json.dumps(geometry, ensure_ascii=False, separators=(",", ":"))


def _read_json(path: Path, name: str) -> dict:
    try:
        content = json.loads(decode_text(path.read_bytes(), name))
    except json.JSONDecodeError as error:
        raise InputError(name, f"not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(content, dict) or not isinstance(content.get("features"), list):
        raise InputError(name, "not a GeoJSON FeatureCollection")
    return content


def read_landmarks(path: Path) -> dict[str, Landmark]:
    """Landmarks with a WGS-84 position, by name_zh."""
    name = str(LANDMARKS_PATH)
    if not path.is_file():
        raise InputError(name, "not found")
    landmarks: dict[str, Landmark] = {}
    reader = csv.DictReader(io.StringIO(decode_text(path.read_bytes(), name)))
    for row in reader:
        lat, lon = (row.get("lat_wgs84") or "").strip(), (row.get("lon_wgs84") or "").strip()
        if not lat or not lon:
            continue  # looked for and not found: no position
        try:
            position = float(lat), float(lon)
        except ValueError:
            raise InputError(
                name, f"line {reader.line_num}: bad lat_wgs84/lon_wgs84 {lat!r}, {lon!r}"
            ) from None
        landmarks[row["name_zh"]] = Landmark(
            row["name_zh"],
            row.get("name_en") or row["name_zh"],
            *position,
            row.get("confidence") or "unknown",
        )
    return landmarks


def read_zone_outlines(path: Path, zone_ids: set[str]) -> dict[str, str]:
    """GeoJSON geometries by zone_id from zones.geojson, or nothing when the file does not exist."""
    if not path.is_file():
        return {}
    name = str(ZONES_GEOJSON_PATH)
    outlines: dict[str, str] = {}
    for number, feature in enumerate(_read_json(path, name)["features"], start=1):
        zone_id = (feature.get("properties") or {}).get("zone_id")
        if zone_id not in zone_ids:
            raise InputError(name, f"feature {number}: zone_id {zone_id!r} is not one of {sorted(zone_ids)}")
        if not isinstance(feature.get("geometry"), dict):
            raise InputError(name, f"feature {number} ({zone_id}): no geometry")
        outlines[zone_id] = _json_geometry(feature["geometry"])
    return outlines


def _zone_row(zone: Zone, landmarks: dict[str, Landmark], outline: str | None) -> ZoneRow:
    anchor = landmarks.get(zone.anchor)
    if anchor is None:
        raise InputError(
            str(LANDMARKS_PATH), f"no WGS-84 position for {zone.anchor!r}, the anchor of zone {zone.id}"
        )
    schematic = outline is None
    return ZoneRow(
        zone_id=zone.id,
        name_zh=zone.zh,
        name_en=zone.en,
        description_zh=zone.description_zh,
        description_en=zone.description_en,
        lat=anchor.lat,
        lon=anchor.lon,
        anchor_zh=anchor.description_zh(schematic),
        anchor_en=anchor.description_en(schematic),
        geometry_geojson=outline,
        is_schematic=schematic,
    )


def read_zones(raw_dir: Path, catalog: Catalog) -> list[ZoneRow]:
    landmarks = read_landmarks(raw_dir / LANDMARKS_PATH)
    outlines = read_zone_outlines(raw_dir / ZONES_GEOJSON_PATH, {zone.id for zone in catalog.zones})
    return [_zone_row(zone, landmarks, outlines.get(zone.id)) for zone in catalog.zones]


def read_boundary(raw_dir: Path) -> BoundaryRow:
    """The district boundary (WGS-84) with its provenance."""
    path, name = raw_dir / BOUNDARY_PATH, str(BOUNDARY_PATH)
    if not path.is_file():
        raise InputError(name, "not found")
    features = _read_json(path, name)["features"]
    if len(features) != 1 or not isinstance(features[0].get("geometry"), dict):
        raise InputError(name, f"expected one feature with a geometry, found {len(features)} features")
    properties = features[0].get("properties") or {}
    source = "; ".join(
        f"{key}: {properties[key]}"
        for key in ("source", "license", "crs", "conversion")
        if properties.get(key)
    )
    return BoundaryRow(
        boundary_id=BOUNDARY_ID,
        name_zh=properties.get("name") or "芦淞区",
        name_en=properties.get("name_en") or "Lusong District",
        geometry_geojson=_json_geometry(features[0]["geometry"]),
        source=source or name,
    )


def geo_input_files(raw_dir: Path) -> list[Path]:
    """The geographic files a build reads, for the run's input checksum."""
    paths = (raw_dir / LANDMARKS_PATH, raw_dir / BOUNDARY_PATH, raw_dir / ZONES_GEOJSON_PATH)
    return [path for path in paths if path.is_file()]
