-- The facts of one zone under the filters, latest first; the first $limit (NULL: all), chosen and sorted on
-- the facts alone, names and quotes fetched for those shown only.
WITH shown AS (
    SELECT f.rowid AS fact_row
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.zone_id = $zone
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    ORDER BY f.period_end DESC, f.fact_id
    LIMIT $limit
)
SELECT f.fact_id, f.doc_id, f.indicator_id, f.sector_id, f.value, f.unit, f.value_text, f.qualifier,
       f.kind, f.measure, f.period_start, f.period_end, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       s.name_zh AS sector_zh, s.name_en AS sector_en, d.title AS doc_title
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN sectors AS s ON s.sector_id = f.sector_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT fact_row FROM shown)
ORDER BY f.period_end DESC, f.fact_id
