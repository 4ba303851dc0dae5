-- Of the actual and target facts of the headline indicators from documents of the report year or
-- earlier, the ones a KPI card (dashboard/kpis.py) can use: per indicator its newest actual (the card's
-- value), and for it the newest target of the same period, the first target set after it and the newest
-- actual of an earlier period of the same length (same measure and unit); and per indicator its newest
-- target (the card of an indicator without an actual). Any other row would lose to one of these in kpis:
-- the cards are the same as from all the rows (tests/test_queries.py), but at most 5 rows per indicator
-- (131,555 rows at 1,000,000 facts).
-- "Newest" is kpis._newest_first: latest final year, a single year before a span, newest report (none
-- last), text order (none last), fact id.
WITH spans AS (    -- per indicator, kind, measure, unit and period: its newest fact and the one set first
    SELECT f.indicator_id, f.kind, f.measure, f.unit, f.period_start, f.period_end,
           f.period_end - f.period_start AS length,
           min((-coalesce(d.report_year, -1), coalesce(f.char_start, 2147483647), f.fact_id, f.rowid))
               AS newest,
           min((-coalesce(d.report_year, -1), f.fact_id, f.rowid)) AS first_set
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE list_contains($indicators::VARCHAR[], f.indicator_id)
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND f.kind IN ('actual', 'target')
      AND coalesce(d.report_year, f.period_end + 1) <= $report_year::INTEGER
      AND d.region = $region
    GROUP BY ALL
),
newest AS (        -- per indicator and kind: the newest fact
    SELECT * FROM spans
    QUALIFY row_number() OVER (PARTITION BY indicator_id, kind ORDER BY period_end DESC, length, newest) = 1
),
compared AS (      -- per card: the best fact of each kind of comparison
    SELECT c.*,
           CASE WHEN c.kind = 'target' AND c.period_start = a.period_start AND c.period_end = a.period_end
                    THEN 'same_target'
                WHEN c.kind = 'target' AND c.period_start > a.period_end THEN 'later_target'
                WHEN c.kind = 'actual' AND c.period_end < a.period_end AND c.length = a.length
                    THEN 'previous'
           END AS role
    FROM spans AS c
    JOIN newest AS a
      ON a.kind = 'actual' AND a.indicator_id = c.indicator_id AND a.measure = c.measure AND a.unit = c.unit
    WHERE role IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY c.indicator_id, role
        ORDER BY CASE WHEN role = 'later_target' THEN c.period_start ELSE -c.period_end END,
                 CASE WHEN role = 'later_target' THEN 0 ELSE c.length END,
                 CASE WHEN role = 'later_target' THEN c.first_set END,
                 CASE WHEN role <> 'later_target' THEN c.newest END
    ) = 1
),
chosen AS (
    SELECT newest[4] AS fact_row FROM newest
    UNION
    SELECT CASE WHEN role = 'later_target' THEN first_set[3] ELSE newest[4] END FROM compared
),
picked AS (SELECT * FROM facts WHERE rowid IN (SELECT fact_row FROM chosen))
SELECT f.fact_id, f.doc_id, f.indicator_id, f.sector_id, f.value, f.unit, f.value_text, f.qualifier,
       f.kind, f.measure, f.period_start, f.period_end, f.char_start, f.char_end, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       d.title AS doc_title, d.publisher, d.meeting_date, d.report_year, d.url,
       d.text IS NOT NULL AS has_text
FROM picked AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN documents AS d ON d.doc_id = f.doc_id

ORDER BY f.indicator_id, f.period_end DESC, d.report_year DESC NULLS LAST, f.char_start NULLS LAST, f.fact_id
