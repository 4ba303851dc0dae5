-- Every entity with the fields of its document and sector the dashboard shows or filters by (the rows of the
-- table entity_details; etl/derived.py): a copy that spares the map, the zone lists and the Data page a join
-- per query. Stored in the Data page's order (sector, type, name, id).
SELECT e.entity_id, e.doc_id, e.name_zh, e.type, e.sector_id, e.zone_id, e.status, e.char_start, e.char_end,
       e.quote, d.region, d.report_year, d.title AS doc_title,
       s.name_zh AS sector_zh, s.name_en AS sector_en
FROM entities AS e
JOIN documents AS d ON d.doc_id = e.doc_id
LEFT JOIN sectors AS s ON s.sector_id = e.sector_id
ORDER BY e.sector_id NULLS LAST, e.type, e.name_zh, e.entity_id
