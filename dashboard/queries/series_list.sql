-- One row per indicator, measure and unit under the filters; the series with most years first, at most 200
-- (the options of one selectbox; data/lusong.duckdb has 46, 1,000,000 facts 14,961). No DISTINCT counts:
-- each was a hash aggregate of its own over the per-year rows (392 -> 201 ms of CPU at 1,000,000 facts).
-- Counted per series_key, the number etl/series.sql gives each indicator, measure and unit: one integer to
-- group on instead of three strings (85 -> 46 ms), and the names of the series shown read from series.
WITH per_year AS (     -- counted per year first, the kinds as bits (the catalog's three, any other as a fourth)
    SELECT series_key, period_end, count(*) AS n,
           bit_or(CASE kind WHEN 'actual' THEN 1 WHEN 'target' THEN 2 WHEN 'plan' THEN 4 ELSE 8 END) AS kinds
    FROM fact_details
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
    GROUP BY series_key, period_end
),
counted AS (
    SELECT series_key, sum(n)::BIGINT AS n_facts, count(*) AS n_years, bit_count(bit_or(kinds))::BIGINT AS n_kinds
    FROM per_year
    GROUP BY series_key
)
SELECT s.indicator_id, s.measure, s.unit, s.indicator_zh, s.indicator_en, s.is_generated,
       c.n_facts, c.n_years, c.n_kinds
FROM counted AS c
JOIN series AS s ON s.series_key = c.series_key
ORDER BY s.is_generated, c.n_years DESC, c.n_kinds DESC, c.n_facts DESC, s.series_key  -- the key: id, measure, unit
LIMIT 200
