-- How many facts each sector has, per kind, under the filters.
SELECT sector_id, any_value(sector_zh) AS sector_zh, any_value(sector_en) AS sector_en, kind, count(*) AS n
FROM fact_details
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
  AND region = $region
GROUP BY sector_id, kind
ORDER BY n DESC, sector_id, kind
