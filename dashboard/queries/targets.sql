-- Every target and plan under the filters with its status, judged from actual facts of the same
-- indicator, measure and unit:
--   met / missed  an actual for the goal's final year (same span; a level-like measure may be reported for
--                 that single year) reaches the goal (at most the goal for 以内 and for ranks)
--   in_progress   no such actual yet and the goal's period ends after the latest actual year in the data
--   no_data       no such actual although the period has ended
WITH goals AS (
    SELECT f.*, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
           s.name_zh AS sector_zh, s.name_en AS sector_en, d.title AS doc_title, d.report_year
    FROM facts AS f
    JOIN indicators AS i ON i.indicator_id = f.indicator_id
    JOIN sectors AS s ON s.sector_id = f.sector_id
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind IN ('target', 'plan')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
),
actuals AS (
    SELECT a.* FROM facts AS a JOIN documents AS d ON d.doc_id = a.doc_id
    WHERE a.kind = 'actual' AND d.region = $region
),
horizon AS (SELECT max(period_end) AS last_year FROM actuals),
judged AS (
    SELECT g.fact_id,
           max_by(a.value, a.period_end) FILTER (WHERE a.period_end = g.period_end AND (
               a.period_start = g.period_start
               OR (a.period_start = a.period_end AND g.measure IN ('level', 'share_pct', 'rank', 'ratio'))
           )) AS final_value,
           max_by(a.fact_id, a.period_end) FILTER (WHERE a.period_end = g.period_end AND (
               a.period_start = g.period_start
               OR (a.period_start = a.period_end AND g.measure IN ('level', 'share_pct', 'rank', 'ratio'))
           )) AS final_fact_id,
           max_by(a.value, a.period_end) FILTER (WHERE a.period_end >= g.period_start) AS latest_value,
           max_by(a.qualifier, a.period_end) FILTER (WHERE a.period_end >= g.period_start) AS latest_qualifier,
           max(a.period_end) FILTER (WHERE a.period_end >= g.period_start) AS latest_year
    FROM goals AS g
    LEFT JOIN actuals AS a
      ON a.indicator_id = g.indicator_id AND a.measure = g.measure AND a.unit = g.unit
    GROUP BY g.fact_id
)
SELECT g.fact_id, g.doc_id, g.indicator_id, g.indicator_zh, g.indicator_en, g.sector_id, g.sector_zh,
       g.sector_en, g.kind, g.measure, g.value, g.unit, g.qualifier, g.value_text, g.period_start,
       g.period_end, g.quote, g.doc_title, g.report_year, j.final_value, j.final_fact_id,
       j.latest_value, j.latest_qualifier, j.latest_year,
       CASE
           WHEN j.final_value IS NOT NULL THEN
               CASE WHEN CASE WHEN g.qualifier = 'within' OR g.measure = 'rank'
                              THEN j.final_value <= g.value ELSE j.final_value >= g.value END
                    THEN 'met' ELSE 'missed' END
           WHEN g.period_end > h.last_year OR h.last_year IS NULL THEN 'in_progress'
           ELSE 'no_data'
       END AS status
FROM goals AS g
JOIN judged AS j ON j.fact_id = g.fact_id
CROSS JOIN horizon AS h
ORDER BY g.period_end DESC, g.sector_id, g.indicator_id, g.fact_id
