-- The entities (projects, places, ...) of one zone under the filters.
SELECT e.entity_id, e.doc_id, e.name_zh, e.type, e.sector_id, e.status, e.quote,
       s.name_zh AS sector_zh, s.name_en AS sector_en, d.title AS doc_title
FROM entities AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
WHERE e.zone_id = $zone
  AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], e.sector_id))
  AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
ORDER BY e.type, e.name_zh, e.entity_id
