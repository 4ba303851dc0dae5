-- The judging of targets and plans shared by targets.sql and target_counts.sql: the CTEs goals ... statused
-- (every target and plan under the filters with its status; targets.sql says how a status is judged).
-- Not a query of its own: db._sql puts it where a query names it in double braces.
goals AS (    -- what judging needs; names, quotes and titles only for the rows shown
    SELECT f.rowid AS fact_row, f.fact_id, f.indicator_id, f.sector_id, f.kind, f.measure, f.value, f.unit,
           f.qualifier, f.period_start, f.period_end
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind IN ('target', 'plan')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
),
actuals AS (
    SELECT a.indicator_id, a.measure, a.unit, a.period_start, a.period_end, a.fact_id, a.value, a.qualifier
    FROM facts AS a JOIN documents AS d ON d.doc_id = a.doc_id
    WHERE a.kind = 'actual' AND d.region = $region
),
horizon AS (SELECT max(period_end) AS last_year FROM actuals),
spans AS (     -- one actual per indicator, measure, unit and period (ties: the larger fact id)
    SELECT indicator_id, measure, unit, period_start, period_end,
           max(fact_id) AS fact_id, arg_max(value, fact_id) AS value
    FROM actuals GROUP BY ALL
),
latest AS (    -- the latest actual per indicator, measure and unit
    SELECT indicator_id, measure, unit, max(period_end) AS year,
           arg_max(value, (period_end, fact_id)) AS value,
           arg_max(qualifier, (period_end, fact_id)) AS qualifier
    FROM actuals GROUP BY ALL
),
-- Each goal joins one row of each: linear in the facts (a join of every goal to every actual was quadratic).
judged AS (
    SELECT g.*,
           coalesce(same.value, final_year.value) AS final_value,
           coalesce(same.fact_id, final_year.fact_id) AS final_fact_id,
           CASE WHEN l.year >= g.period_start THEN l.value END AS latest_value,
           CASE WHEN l.year >= g.period_start THEN l.qualifier END AS latest_qualifier,
           CASE WHEN l.year >= g.period_start THEN l.year END AS latest_year
    FROM goals AS g
    LEFT JOIN spans AS same
      ON same.indicator_id = g.indicator_id AND same.measure = g.measure AND same.unit = g.unit
     AND same.period_start = g.period_start AND same.period_end = g.period_end
    LEFT JOIN spans AS final_year
      ON final_year.indicator_id = g.indicator_id AND final_year.measure = g.measure
     AND final_year.unit = g.unit AND final_year.period_start = g.period_end
     AND final_year.period_end = g.period_end AND g.measure IN ('level', 'share_pct', 'rank', 'ratio')
    LEFT JOIN latest AS l ON l.indicator_id = g.indicator_id AND l.measure = g.measure AND l.unit = g.unit
),
statused AS (
    SELECT j.*,
           CASE
               WHEN j.final_value IS NOT NULL THEN
                   CASE WHEN CASE WHEN j.qualifier = 'within' OR j.measure = 'rank'
                                  THEN j.final_value <= j.value ELSE j.final_value >= j.value END
                        THEN 'met' ELSE 'missed' END
               WHEN j.period_end > h.last_year OR h.last_year IS NULL THEN 'in_progress'
               ELSE 'no_data'
           END AS status
    FROM judged AS j
    CROSS JOIN horizon AS h
)
