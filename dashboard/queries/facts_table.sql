-- The facts under the filters with their names, document and quote; the first $limit (NULL: all).
WITH shown AS (    -- chosen and sorted on the facts alone; names, quotes and titles only for those shown
    SELECT f.rowid AS fact_row
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    ORDER BY f.period_end DESC, f.sector_id, f.indicator_id, f.fact_id
    LIMIT $limit
)
SELECT f.fact_id, f.indicator_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       f.sector_id, s.name_zh AS sector_zh, s.name_en AS sector_en, f.zone_id,
       f.kind, f.measure, f.value, f.unit, f.qualifier, f.value_text, f.period_start, f.period_end,
       f.quote, f.doc_id, d.title AS doc_title, d.report_year, d.url, f.char_start, f.char_end
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN sectors AS s ON s.sector_id = f.sector_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT fact_row FROM shown)
ORDER BY f.period_end DESC, f.sector_id, f.indicator_id, f.fact_id
