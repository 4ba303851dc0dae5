-- The targets and plans stated by the documents of one report year, in text order (documents with text
-- first), at most 200: chosen and sorted on the facts and the year's documents alone, names and quotes
-- fetched for those shown only.
WITH year_docs AS (
    SELECT doc_id, title, text IS NULL AS no_text
    FROM documents
    WHERE report_year = $report_year::INTEGER AND region = $region
),
shown AS (
    SELECT f.rowid AS fact_row
    FROM facts AS f
    JOIN year_docs AS d ON d.doc_id = f.doc_id
    WHERE f.kind IN ('target', 'plan')
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
    ORDER BY d.no_text, f.doc_id, f.char_start NULLS LAST, f.fact_id
    LIMIT 200
)
SELECT f.fact_id, f.doc_id, f.indicator_id, f.sector_id, f.value, f.unit, f.value_text, f.qualifier,
       f.kind, f.measure, f.period_start, f.period_end, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en,
       s.name_zh AS sector_zh, s.name_en AS sector_en, d.title AS doc_title
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN sectors AS s ON s.sector_id = f.sector_id
JOIN year_docs AS d ON d.doc_id = f.doc_id
WHERE f.rowid IN (SELECT fact_row FROM shown)
ORDER BY d.no_text, f.doc_id, f.char_start NULLS LAST, f.fact_id
