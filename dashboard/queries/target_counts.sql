-- How many targets and plans under the filters have each status (met, missed, in_progress, no_data; a
-- status no goal has is left out), as judged once by the ETL (etl/goal_status.sql).
SELECT status, count(*) AS n
FROM goal_status
WHERE region = $region
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
GROUP BY status
ORDER BY status
