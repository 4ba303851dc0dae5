-- Facts that cover several years (averages over a plan period, goals for its end), latest first, at most 40
-- (chosen and sorted on the facts alone; names, quotes and titles fetched for those 40 only).
WITH shown AS (
    SELECT f.rowid AS fact_row
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.period_start < f.period_end
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    ORDER BY f.period_end DESC, f.period_start, f.sector_id, f.fact_id
    LIMIT 40
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
ORDER BY f.period_end DESC, f.period_start, f.sector_id, f.fact_id
