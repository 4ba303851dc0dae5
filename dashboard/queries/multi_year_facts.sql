-- Facts that cover several years (averages over a plan period, goals for its end), latest first, at most 40.
SELECT fact_id, doc_id, indicator_id, sector_id, value, unit, value_text, qualifier, kind, measure,
       period_start, period_end, quote, indicator_zh, indicator_en, sector_zh, sector_en, doc_title
FROM fact_details
WHERE period_start < period_end
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
  AND region = $region
ORDER BY period_end DESC, period_start, sector_id, fact_id
LIMIT 40
