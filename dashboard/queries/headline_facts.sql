-- Of the actual and target facts of the headline indicators from documents of the report year or
-- earlier, the ones a KPI card (dashboard/kpis.py) can use: per indicator, kind, measure, unit and period
-- the fact kpis would take first as the newest (newest report, none last; then text order, none last; fact
-- id) and as the first target set after a year (newest report, fact id). Every fact a card shows or
-- compares with is the first of its period under one of these two orders, so the cards are the same as
-- from all the rows (tests/test_queries.py), from at most two rows per period (131,555 rows at 1,000,000
-- facts: 700).
-- Only the columns kpis.cards reads, in no particular order (kpis orders the rows itself): each column and
-- the sort cost a fixed share of a call on the real database (15.2 -> about 13 ms).
WITH spans AS (
    SELECT arg_min(rowid, (-coalesce(report_year, -1), coalesce(char_start, 2147483647), fact_id)) AS newest,
           arg_min(rowid, (-coalesce(report_year, -1), fact_id)) AS first_set
    FROM fact_details
    WHERE indicator_id = ANY($indicators::VARCHAR[])  -- at 1M a scan filter; list_contains was a join
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND kind IN ('actual', 'target')
      AND coalesce(report_year, period_end + 1) <= $report_year::INTEGER
      AND region = $region
    GROUP BY indicator_id, kind, measure, unit, period_start, period_end
)
SELECT fact_id, doc_id, indicator_id, value, unit, qualifier, kind, measure,
       period_start, period_end, char_start, quote, indicator_zh, indicator_en,
       doc_title, publisher, meeting_date, report_year, has_text
FROM fact_details
WHERE rowid IN (SELECT unnest([newest, first_set]) FROM spans)
