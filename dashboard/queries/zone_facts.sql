-- The facts of one zone under the filters, latest first; the first $limit (NULL: all).
SELECT fact_id, doc_id, indicator_id, sector_id, value, unit, value_text, qualifier, kind, measure,
       period_start, period_end, quote, indicator_zh, indicator_en, sector_zh, sector_en, doc_title
FROM fact_details
WHERE zone_id = $zone
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
  AND region = $region
ORDER BY period_end DESC, fact_id
LIMIT $limit
