-- Of the actual and target facts of the headline indicators from documents of the report year or
-- earlier, the ones a KPI card (dashboard/kpis.py) can use: per indicator, kind, measure, unit and period
-- the fact kpis would take first as the newest (newest report, none last; then text order, none last; fact
-- id) and as the first target set after a year (newest report, fact id). Every fact a card shows or
-- compares with is the first of its period under one of these two orders, so the cards are the same as
-- from all the rows (tests/test_queries.py), from at most two rows per period (131,555 rows at 1,000,000
-- facts: 700).
WITH spans AS (
    SELECT arg_min(f.rowid, (-coalesce(d.report_year, -1), coalesce(f.char_start, 2147483647), f.fact_id))
               AS newest,
           arg_min(f.rowid, (-coalesce(d.report_year, -1), f.fact_id)) AS first_set
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE list_contains($indicators::VARCHAR[], f.indicator_id)
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND f.kind IN ('actual', 'target')
      AND coalesce(d.report_year, f.period_end + 1) <= $report_year::INTEGER
      AND d.region = $region
    GROUP BY f.indicator_id, f.kind, f.measure, f.unit, f.period_start, f.period_end
)
SELECT f.fact_id, f.doc_id, f.indicator_id, f.sector_id, f.value, f.unit, f.value_text, f.qualifier,
       f.kind, f.measure, f.period_start, f.period_end, f.char_start, f.char_end, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       d.title AS doc_title, d.publisher, d.meeting_date, d.report_year, d.url,
       d.text IS NOT NULL AS has_text
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT unnest([newest, first_set]) FROM spans)
ORDER BY f.indicator_id, f.period_end DESC, d.report_year DESC NULLS LAST, f.char_start NULLS LAST, f.fact_id
