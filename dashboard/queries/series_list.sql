-- One row per indicator, measure and unit under the filters; the series with most years first, at most 200
-- (the options of one selectbox; data/lusong.duckdb has 46, 1,000,000 facts 14,961).
WITH per_year AS (     -- counted per year and kind first: far fewer rows for the distinct counts
    SELECT f.indicator_id, f.measure, f.unit, f.period_end, f.kind, count(*) AS n
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    GROUP BY ALL
),
series AS (
    SELECT indicator_id, measure, unit, sum(n)::BIGINT AS n_facts, count(DISTINCT period_end) AS n_years,
           count(DISTINCT kind) AS n_kinds
    FROM per_year
    GROUP BY ALL
)
SELECT s.indicator_id, s.measure, s.unit, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       i.is_generated, s.n_facts, s.n_years, s.n_kinds
FROM series AS s
JOIN indicators AS i ON i.indicator_id = s.indicator_id
ORDER BY i.is_generated, s.n_years DESC, s.n_kinds DESC, s.n_facts DESC, s.indicator_id, s.measure, s.unit
LIMIT 200
