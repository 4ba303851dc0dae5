-- The facts of one indicator, measure and unit under the filters, oldest first: per period and kind one
-- point, the figure of the newest report (then text order, fact id) when several documents give one. (On
-- data/lusong.duckdb no period and kind has two; at 1,000,000 facts the series had 38,755 facts in 81.)
WITH points AS (
    SELECT f.rowid AS fact_row
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.indicator_id = $indicator AND f.measure = $measure AND f.unit = $unit
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    QUALIFY row_number() OVER (
        PARTITION BY f.period_start, f.period_end, f.kind
        ORDER BY d.report_year DESC NULLS LAST, f.char_start NULLS LAST, f.fact_id
    ) = 1
)
SELECT f.fact_id, f.doc_id, f.value, f.unit, f.value_text, f.qualifier, f.kind, f.measure,
       f.period_start, f.period_end, f.quote, d.title AS doc_title, d.report_year
FROM facts AS f
JOIN documents AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT fact_row FROM points)
ORDER BY f.period_end, f.period_start, f.kind, f.fact_id
