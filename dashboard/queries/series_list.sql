-- One row per indicator, measure and unit under the filters; the series with most years first.
SELECT f.indicator_id, f.measure, f.unit, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       i.is_generated, count(*) AS n_facts, count(DISTINCT f.period_end) AS n_years,
       count(DISTINCT f.kind) AS n_kinds
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
  AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
  AND d.region = $region
GROUP BY ALL
ORDER BY i.is_generated, n_years DESC, n_kinds DESC, n_facts DESC, f.indicator_id, f.measure, f.unit
