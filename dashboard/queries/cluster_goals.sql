-- Industry-cluster goals: plans for a size in yuan in the cluster sectors, with the latest actual level
-- of the same indicator (NULL when no level has been reported).
WITH goals AS (
    SELECT f.*, d.title AS doc_title
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind = 'plan' AND f.unit = 'yuan' AND f.measure = 'level'
      AND f.sector_id IN ('aviation', 'apparel', 'new_materials')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
),
levels AS (
    SELECT f.indicator_id, max_by(f.fact_id, f.period_end) AS level_fact_id,
           max_by(f.value, f.period_end) AS level_value, max(f.period_end) AS level_year
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE f.kind = 'actual' AND f.unit = 'yuan' AND f.measure = 'level' AND d.region = $region
      AND f.indicator_id IN (SELECT indicator_id FROM goals)
    GROUP BY f.indicator_id
)
SELECT g.fact_id, g.doc_id, g.indicator_id, g.sector_id, g.value, g.unit, g.value_text, g.qualifier,
       g.period_start, g.period_end, g.quote, g.doc_title,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en, s.name_zh AS sector_zh, s.name_en AS sector_en,
       l.level_fact_id, l.level_value, l.level_year, lf.quote AS level_quote
FROM goals AS g
JOIN indicators AS i ON i.indicator_id = g.indicator_id
JOIN sectors AS s ON s.sector_id = g.sector_id
LEFT JOIN levels AS l ON l.indicator_id = g.indicator_id
LEFT JOIN facts AS lf ON lf.fact_id = l.level_fact_id
ORDER BY g.value DESC, g.fact_id
