-- Of the actual and target facts of the headline indicators from documents of the report year or
-- earlier, the ones a KPI card (dashboard/kpis.py) can use: per indicator, kind, measure, unit and period
-- the fact kpis would take first as the newest (newest report, none last; then text order, none last; fact
-- id) and as the first target set after a year (newest report, fact id). Every fact a card shows or
-- compares with is the first of its period under one of these two orders, so the cards are the same as
-- from all the rows (tests/test_queries.py), from at most two rows per period (131,555 rows at 1,000,000
-- facts: 700).
WITH spans AS (
    SELECT arg_min(rowid, (-coalesce(report_year, -1), coalesce(char_start, 2147483647), fact_id)) AS newest,
           arg_min(rowid, (-coalesce(report_year, -1), fact_id)) AS first_set
    FROM fact_details
    WHERE indicator_id = ANY($indicators::VARCHAR[])  -- a scan filter; list_contains became a join (238 -> 160 ms)
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND kind IN ('actual', 'target')
      AND coalesce(report_year, period_end + 1) <= $report_year::INTEGER
      AND region = $region
    GROUP BY indicator_id, kind, measure, unit, period_start, period_end
)
SELECT fact_id, doc_id, indicator_id, sector_id, value, unit, value_text, qualifier, kind, measure,
       period_start, period_end, char_start, char_end, quote, indicator_zh, indicator_en,
       doc_title, publisher, meeting_date, report_year, url, has_text
FROM fact_details
WHERE rowid IN (SELECT unnest([newest, first_set]) FROM spans)
ORDER BY indicator_id, period_end DESC, report_year DESC NULLS LAST, char_start NULLS LAST, fact_id
