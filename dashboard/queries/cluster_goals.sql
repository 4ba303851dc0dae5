-- Industry-cluster goals: plans for a size in yuan in the cluster sectors, the 12 largest (the bars of one
-- chart; 3 on data/lusong.duckdb, 172,000 at 1,000,000 facts), with the latest actual level of the same
-- indicator (NULL when no level has been reported).
WITH goals AS (
    SELECT f.rowid AS fact_row, f.indicator_id
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind = 'plan' AND f.unit = 'yuan' AND f.measure = 'level'
      AND f.sector_id IN ('aviation', 'apparel', 'new_materials')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    ORDER BY f.value DESC, f.fact_id
    LIMIT 12
),
levels AS (       -- per goal's indicator its latest actual level
    SELECT f.indicator_id, max_by((f.fact_id, f.quote), f.period_end) AS latest,
           max_by(f.value, f.period_end) AS level_value, max(f.period_end) AS level_year
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind = 'actual' AND f.unit = 'yuan' AND f.measure = 'level' AND d.region = $region
      AND f.indicator_id IN (SELECT indicator_id FROM goals)
    GROUP BY f.indicator_id
)
SELECT g.fact_id, g.doc_id, g.indicator_id, g.sector_id, g.value, g.unit, g.value_text, g.qualifier,
       g.period_start, g.period_end, g.quote, d.title AS doc_title,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en, s.name_zh AS sector_zh, s.name_en AS sector_en,
       l.latest[1] AS level_fact_id, l.level_value, l.level_year, l.latest[2] AS level_quote
FROM facts AS g
JOIN documents AS d ON d.doc_id = g.doc_id
JOIN indicators AS i ON i.indicator_id = g.indicator_id
JOIN sectors AS s ON s.sector_id = g.sector_id
LEFT JOIN levels AS l ON l.indicator_id = g.indicator_id
WHERE g.rowid IN (SELECT fact_row FROM goals)
ORDER BY g.value DESC, g.fact_id
