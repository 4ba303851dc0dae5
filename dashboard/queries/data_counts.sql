-- How many facts (of how many indicators and documents) and entities the Data page's filters select: the
-- totals of facts_table.sql and entities_table.sql, which show only their first rows.
SELECT count(*) AS n_facts, count(DISTINCT indicator_id) AS n_indicators, count(DISTINCT doc_id) AS n_documents,
       (SELECT count(*)
        FROM entity_details
        WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
          AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
          AND region = $region) AS n_entities
FROM fact_details
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], kind))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
  AND region = $region
