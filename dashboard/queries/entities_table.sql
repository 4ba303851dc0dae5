-- Every entity under the filters; with a sector filter, entities without a sector are left out.
SELECT e.entity_id, e.name_zh, e.type, e.sector_id, s.name_zh AS sector_zh, s.name_en AS sector_en,
       e.zone_id, e.status, e.quote, e.doc_id, d.title AS doc_title, d.report_year, e.char_start, e.char_end
FROM entities AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], e.sector_id))
  AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
  AND d.region = $region
ORDER BY e.sector_id NULLS LAST, e.type, e.name_zh, e.entity_id
