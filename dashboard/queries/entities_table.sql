-- The entities under the filters, the first $limit (NULL: all); with a sector filter, entities without a
-- sector are left out.
WITH shown AS (    -- chosen and sorted on the entities alone; quotes and titles only for those shown
    SELECT e.rowid AS entity_row
    FROM entities AS e
    JOIN documents AS d ON d.doc_id = e.doc_id
    WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], e.sector_id))
      AND ($year::INTEGER IS NULL OR d.report_year = $year::INTEGER)
      AND d.region = $region
    ORDER BY e.sector_id NULLS LAST, e.type, e.name_zh, e.entity_id
    LIMIT $limit
)
SELECT e.entity_id, e.name_zh, e.type, e.sector_id, s.name_zh AS sector_zh, s.name_en AS sector_en,
       e.zone_id, e.status, e.quote, e.doc_id, d.title AS doc_title, d.report_year, e.char_start, e.char_end
FROM entities AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
WHERE e.rowid IN (SELECT entity_row FROM shown)
ORDER BY e.sector_id NULLS LAST, e.type, e.name_zh, e.entity_id
