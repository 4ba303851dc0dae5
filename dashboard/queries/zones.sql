-- The zones with their anchors and, under the filters, how many facts and entities they hold and their
-- main sector (the sector most of those items belong to; NULL when they hold none).
WITH items AS (
    SELECT zone_id, sector_id, 1 AS is_fact
    FROM fact_details
    WHERE zone_id IS NOT NULL
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
    UNION ALL
    SELECT zone_id, sector_id, 0 AS is_fact
    FROM entity_details
    WHERE zone_id IS NOT NULL AND sector_id IS NOT NULL
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
),
per_sector AS (
    SELECT zone_id, sector_id, count(*) AS n, sum(is_fact) AS n_facts FROM items GROUP BY ALL
),
per_zone AS (
    SELECT zone_id, arg_max(sector_id, n * 1000 - hash(sector_id) % 1000) AS sector_id,
           sum(n_facts) AS n_facts, sum(n) - sum(n_facts) AS n_entities
    FROM per_sector GROUP BY zone_id
)
SELECT z.zone_id, z.name_zh, z.name_en, z.description_zh, z.description_en, z.lat, z.lon,
       z.anchor_zh, z.anchor_en, z.geometry_geojson, z.is_schematic,
       p.sector_id, s.name_zh AS sector_zh, s.name_en AS sector_en,
       coalesce(p.n_facts, 0)::INTEGER AS n_facts, coalesce(p.n_entities, 0)::INTEGER AS n_entities
FROM zones AS z
LEFT JOIN per_zone AS p ON p.zone_id = z.zone_id
LEFT JOIN sectors AS s ON s.sector_id = p.sector_id
ORDER BY z.rowid
