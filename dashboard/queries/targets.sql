-- Every target and plan under the filters with its status (met, missed, in_progress, no_data), judged once by
-- the ETL into goal_status (etl/goal_status.sql says how). Of those, the ones with a status in $statuses
-- (none: all) and, when $needle is not empty, whose quote, indicator names and value as written contain it
-- (case-insensitive): the first $limit (NULL: all) in the ETL's list_order, with n_matching, how many there
-- are in all. Chosen and counted on the narrow columns; goal_status holds the facts' columns (no join to the
-- facts), stored in list_order, so the rows shown are read from its first row groups.
WITH matching AS (
    SELECT g.list_order
    FROM goal_status AS g
    WHERE g.region = $region
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], g.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], g.kind))
      AND ($year::INTEGER IS NULL OR g.report_year = $year::INTEGER)
      AND (len($statuses::VARCHAR[]) = 0 OR list_contains($statuses::VARCHAR[], g.status))
      AND ($needle = '' OR g.list_order IN (
          SELECT n.list_order
          FROM goal_status AS n
          JOIN indicators AS i ON i.indicator_id = n.indicator_id
          WHERE $needle <> ''  -- nothing to read without a needle
            AND contains(upper(n.quote || i.name_zh || i.name_en || n.value_text), upper($needle))
      ))
),
shown AS (SELECT list_order FROM matching ORDER BY list_order LIMIT $limit)
SELECT g.fact_id, g.doc_id, g.indicator_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en, g.sector_id,
       s.name_zh AS sector_zh, s.name_en AS sector_en, g.kind, g.measure, g.value, g.unit, g.qualifier,
       g.value_text, g.period_start, g.period_end, g.quote, d.title AS doc_title, g.report_year,
       g.final_value, g.final_fact_id, g.latest_value, g.latest_qualifier, g.latest_year, g.status,
       (SELECT count(*) FROM matching) AS n_matching
FROM goal_status AS g
JOIN indicators AS i ON i.indicator_id = g.indicator_id
JOIN sectors AS s ON s.sector_id = g.sector_id
JOIN documents AS d ON d.doc_id = g.doc_id
WHERE g.list_order IN (SELECT list_order FROM shown)
ORDER BY g.list_order
