-- Industry-cluster goals: plans for a size in yuan in the cluster sectors, the 12 largest (the bars of one
-- chart; 3 on data/lusong.duckdb, 172,000 at 1,000,000 facts), with the latest actual level of the same
-- indicator (NULL when no level has been reported).
WITH goals AS (
    SELECT fact_id, doc_id, indicator_id, sector_id, value, unit, value_text, qualifier, period_start,
           period_end, quote, doc_title, indicator_zh, indicator_en, sector_zh, sector_en
    FROM fact_details
    WHERE kind = 'plan' AND unit = 'yuan' AND measure = 'level'
      AND sector_id IN ('aviation', 'apparel', 'new_materials')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
    ORDER BY value DESC, fact_id
    LIMIT 12
),
levels AS (       -- per goal's indicator its latest actual level (of one year: the one with the larger fact id)
    SELECT indicator_id, arg_max((fact_id, quote, value), (period_end, fact_id)) AS latest,
           max(period_end) AS level_year
    FROM fact_details
    WHERE kind = 'actual' AND unit = 'yuan' AND measure = 'level' AND region = $region
      AND indicator_id IN (SELECT indicator_id FROM goals)
    GROUP BY indicator_id
)
SELECT g.*, l.latest[1] AS level_fact_id, l.latest[3] AS level_value, l.level_year, l.latest[2] AS level_quote
FROM goals AS g
LEFT JOIN levels AS l ON l.indicator_id = g.indicator_id
ORDER BY g.value DESC, g.fact_id
