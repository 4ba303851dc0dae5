-- One row per indicator, measure and unit under the filters; the series with most years first, at most 200
-- (the options of one selectbox; data/lusong.duckdb has 46, 1,000,000 facts 14,961). No DISTINCT counts:
-- each was a hash aggregate of its own over the per-year rows (392 -> 201 ms of CPU at 1,000,000 facts).
WITH per_year AS (     -- counted per year first, the kinds as bits (the catalog's three, any other as a fourth)
    SELECT indicator_id, measure, unit, period_end, count(*) AS n,
           bit_or(CASE kind WHEN 'actual' THEN 1 WHEN 'target' THEN 2 WHEN 'plan' THEN 4 ELSE 8 END) AS kinds
    FROM fact_details
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
    GROUP BY indicator_id, measure, unit, period_end
),
series AS (
    SELECT indicator_id, measure, unit, sum(n)::BIGINT AS n_facts, count(*) AS n_years,
           bit_count(bit_or(kinds))::BIGINT AS n_kinds
    FROM per_year
    GROUP BY indicator_id, measure, unit
)
SELECT s.indicator_id, s.measure, s.unit, i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       i.is_generated, s.n_facts, s.n_years, s.n_kinds
FROM series AS s
JOIN indicators AS i ON i.indicator_id = s.indicator_id
ORDER BY i.is_generated, s.n_years DESC, s.n_kinds DESC, s.n_facts DESC, s.indicator_id, s.measure, s.unit
LIMIT 200
