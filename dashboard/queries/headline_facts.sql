-- Actual and target facts of the headline indicators, from documents of the report year or earlier.
SELECT f.fact_id, f.doc_id, f.indicator_id, f.sector_id, f.value, f.unit, f.value_text, f.qualifier,
       f.kind, f.measure, f.period_start, f.period_end, f.char_start, f.char_end, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       d.title AS doc_title, d.publisher, d.meeting_date, d.report_year, d.url,
       d.text IS NOT NULL AS has_text
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE list_contains($indicators::VARCHAR[], f.indicator_id)
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
  AND f.kind IN ('actual', 'target')
  AND coalesce(d.report_year, f.period_end + 1) <= $report_year::INTEGER
  AND d.region = $region
ORDER BY f.indicator_id, f.period_end DESC, d.report_year DESC NULLS LAST, f.char_start NULLS LAST, f.fact_id
