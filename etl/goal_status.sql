-- Every target and plan (its row of fact_details, a copy that spares the Targets page a join to the million
-- facts) with its status, judged from the actual facts of the same region, indicator, measure and unit (the
-- rows of the table goal_status; etl/derived.py derives fact_details first, then this):
--   met / missed  an actual for the goal's final year (same span; a level-like measure may be reported for
--                 that single year) reaches the goal (at most the goal for 以内 and for ranks)
--   in_progress   no such actual yet and the goal's period ends after the latest actual year of the region
--   no_data       no such actual although the period has ended
-- No dashboard filter changes a judgement: the sector, kind and report-year filters choose goals, never the
-- actuals, which are every actual of the goal's region. So it is done once here, and the dashboard filters,
-- counts and sorts (dashboard/queries/targets.sql, target_counts.sql).
WITH actuals AS (
    SELECT region, indicator_id, measure, unit, period_start, period_end, fact_id, value, qualifier
    FROM fact_details WHERE kind = 'actual'
),
horizon AS (SELECT region, max(period_end) AS last_year FROM actuals GROUP BY region),
spans AS (     -- one actual per region, indicator, measure, unit and period (ties: the larger fact id)
    SELECT region, indicator_id, measure, unit, period_start, period_end,
           max(fact_id) AS fact_id, arg_max(value, fact_id) AS value
    FROM actuals GROUP BY ALL
),
latest AS (    -- the latest actual per region, indicator, measure and unit
    SELECT region, indicator_id, measure, unit, max(period_end) AS year,
           arg_max(value, (period_end, fact_id)) AS value,
           arg_max(qualifier, (period_end, fact_id)) AS qualifier
    FROM actuals GROUP BY ALL
),
-- Each goal joins one row of each: linear in the facts (a join of every goal to every actual is quadratic).
judged AS (
    SELECT g.fact_id, g.region, g.report_year, g.doc_id, g.indicator_id, g.sector_id, g.kind, g.measure,
           g.value, g.unit, g.qualifier, g.value_text, g.period_start, g.period_end, g.quote, g.doc_title,
           g.indicator_zh, g.indicator_en, g.sector_zh, g.sector_en,
           coalesce(same.value, final_year.value) AS final_value,
           coalesce(same.fact_id, final_year.fact_id) AS final_fact_id,
           CASE WHEN l.year >= g.period_start THEN l.value END AS latest_value,
           CASE WHEN l.year >= g.period_start THEN l.qualifier END AS latest_qualifier,
           CASE WHEN l.year >= g.period_start THEN l.year END AS latest_year
    FROM fact_details AS g
    LEFT JOIN spans AS same
      ON same.region = g.region AND same.indicator_id = g.indicator_id AND same.measure = g.measure
     AND same.unit = g.unit AND same.period_start = g.period_start AND same.period_end = g.period_end
    LEFT JOIN spans AS final_year
      ON final_year.region = g.region AND final_year.indicator_id = g.indicator_id
     AND final_year.measure = g.measure AND final_year.unit = g.unit AND final_year.period_start = g.period_end
     AND final_year.period_end = g.period_end AND g.measure IN ('level', 'share_pct', 'rank', 'ratio')
    LEFT JOIN latest AS l
      ON l.region = g.region AND l.indicator_id = g.indicator_id AND l.measure = g.measure AND l.unit = g.unit
    WHERE g.kind IN ('target', 'plan')
)
SELECT j.fact_id,
       row_number() OVER (ORDER BY j.period_end DESC, j.sector_id, j.indicator_id, j.fact_id)::INTEGER
           AS list_order,
       j.region, j.report_year, j.doc_id, j.indicator_id, j.sector_id, j.kind, j.measure, j.value, j.unit,
       j.qualifier, j.value_text, j.period_start, j.period_end, j.quote, j.doc_title, j.indicator_zh,
       j.indicator_en, j.sector_zh, j.sector_en, j.final_value, j.final_fact_id, j.latest_value, j.latest_qualifier, j.latest_year,
       CASE
           WHEN j.final_value IS NOT NULL THEN
               CASE WHEN CASE WHEN j.qualifier = 'within' OR j.measure = 'rank'
                              THEN j.final_value <= j.value ELSE j.final_value >= j.value END
                    THEN 'met' ELSE 'missed' END
           WHEN j.period_end > h.last_year OR h.last_year IS NULL THEN 'in_progress'
           ELSE 'no_data'
       END AS status
FROM judged AS j
LEFT JOIN horizon AS h ON h.region = j.region
ORDER BY list_order  -- stored in that order: the first rows of a page are in the first row groups
