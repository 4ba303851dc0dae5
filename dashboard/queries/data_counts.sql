-- How many facts (of how many indicators and documents) and entities the Data page's filters select: the
-- totals of facts_table.sql and entities_table.sql, which show only their first rows. (Their joins to
-- indicators and sectors drop nothing: etl check keeps every reference valid.)
WITH fact_counts AS (
    SELECT count(*) AS n_facts, count(DISTINCT f.indicator_id) AS n_indicators,
           count(DISTINCT f.doc_id) AS n_documents
    FROM facts AS f
    JOIN documents AS d ON d.doc_id = f.doc_id
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], f.sector_id))
      AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], f.kind))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
),
entity_counts AS (
    SELECT count(*) AS n_entities
    FROM entities AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], e.sector_id))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
)
SELECT n_facts, n_indicators, n_documents, n_entities FROM fact_counts, entity_counts
