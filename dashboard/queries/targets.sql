-- Every target and plan under the filters with its status, judged from actual facts of the same
-- indicator, measure and unit:
--   met / missed  an actual for the goal's final year (same span; a level-like measure may be reported for
--                 that single year) reaches the goal (at most the goal for 以内 and for ranks)
--   in_progress   no such actual yet and the goal's period ends after the latest actual year in the data
--   no_data       no such actual although the period has ended
-- Of those, the ones with a status in $statuses (none: all) and, when $needle is not empty, whose quote,
-- indicator names and value as written contain it (case-insensitive): the first $limit (NULL: all), with
-- n_matching, how many there are in all. The judging itself is _targets_judged.sql, shared with
-- target_counts.sql (the status counts).
WITH {{targets_judged}},
matching AS (
    SELECT s.*, count(*) OVER () AS n_matching
    FROM statused AS s
    WHERE (len($statuses::VARCHAR[]) = 0 OR list_contains($statuses::VARCHAR[], s.status))
      AND ($needle = '' OR s.fact_row IN (
          SELECT f.rowid
          FROM facts AS f
          JOIN indicators AS i ON i.indicator_id = f.indicator_id
          WHERE $needle <> '' AND f.kind IN ('target', 'plan')  -- nothing to read without a needle
            AND contains(upper(f.quote || i.name_zh || i.name_en || f.value_text), upper($needle))
      ))
    ORDER BY s.period_end DESC, s.sector_id, s.indicator_id, s.fact_id
    LIMIT $limit
)
SELECT m.fact_id, f.doc_id, m.indicator_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en, m.sector_id,
       s.name_zh AS sector_zh, s.name_en AS sector_en, m.kind, m.measure, m.value, m.unit, m.qualifier,
       f.value_text, m.period_start, m.period_end, f.quote, d.title AS doc_title, d.report_year,
       m.final_value, m.final_fact_id, m.latest_value, m.latest_qualifier, m.latest_year, m.status,
       m.n_matching
FROM matching AS m
JOIN facts AS f ON f.rowid = m.fact_row
JOIN indicators AS i ON i.indicator_id = m.indicator_id
JOIN sectors AS s ON s.sector_id = m.sector_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT fact_row FROM matching)
ORDER BY m.period_end DESC, m.sector_id, m.indicator_id, m.fact_id
