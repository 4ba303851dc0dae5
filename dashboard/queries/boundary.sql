-- The district boundary (WGS-84 GeoJSON geometry).
SELECT boundary_id, name_zh, name_en, geometry_geojson, source
FROM boundaries
ORDER BY boundary_id
