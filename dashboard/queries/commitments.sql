-- The targets and plans stated by the documents of one report year, in text order (documents with text
-- first), at most 200.
SELECT fact_id, doc_id, indicator_id, sector_id, value, unit, value_text, qualifier, kind, measure,
       period_start, period_end, quote, indicator_zh, indicator_en, sector_zh, sector_en, doc_title
FROM fact_details
WHERE report_year = $report_year::INTEGER AND region = $region
  AND kind IN ('target', 'plan')
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
ORDER BY NOT has_text, doc_id, char_start NULLS LAST, fact_id
LIMIT 200
