-- The facts under the filters with their names, document and quote, latest period first; the first $limit
-- (NULL: all). fact_details is stored in this order.
SELECT fact_id, indicator_id, indicator_zh, indicator_en, sector_id, sector_zh, sector_en, zone_id,
       kind, measure, value, unit, qualifier, value_text, period_start, period_end,
       quote, doc_id, doc_title, report_year, url, char_start, char_end
FROM fact_details
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
  AND region = $region
ORDER BY period_end DESC, sector_id, indicator_id, fact_id
LIMIT $limit
