-- Every target and plan under the filters with its status (met, missed, in_progress, no_data), judged once by
-- the ETL into goal_status (etl/goal_status.sql says how). Of those, the ones with a status in $statuses
-- (none: all) and, when $needle is not empty, whose quote, indicator names and value as written contain it
-- (case-insensitive): the first $limit (NULL: all) in the ETL's list_order, with n_matching, how many there
-- are in all. Chosen and counted on the narrow columns; goal_status holds every column shown and is stored
-- in list_order, so the rows shown are read from its first row groups.
WITH matching AS (
    SELECT list_order
    FROM goal_status
    WHERE region = $region
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND (len($statuses::VARCHAR[]) = 0 OR list_contains($statuses::VARCHAR[], status))
      AND ($needle = '' OR contains(upper(quote || indicator_zh || indicator_en || value_text), upper($needle)))
),
shown AS (SELECT list_order FROM matching ORDER BY list_order LIMIT $limit)
SELECT fact_id, doc_id, indicator_id, indicator_zh, indicator_en, sector_id, sector_zh, sector_en, kind,
       measure, value, unit, qualifier, value_text, period_start, period_end, quote, doc_title, report_year,
       final_value, final_fact_id, latest_value, latest_qualifier, latest_year, status,
       (SELECT count(*) FROM matching) AS n_matching
FROM goal_status
WHERE list_order IN (SELECT list_order FROM shown)
ORDER BY list_order
