-- How many facts each sector has, per kind, under the filters.
SELECT f.sector_id, s.name_zh AS sector_zh, s.name_en AS sector_en, f.kind, count(*) AS n
FROM facts AS f
JOIN sectors AS s ON s.sector_id = f.sector_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
  AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
  AND d.region = $region
GROUP BY ALL
ORDER BY n DESC, f.sector_id, f.kind
