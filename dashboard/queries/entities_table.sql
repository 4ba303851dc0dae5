-- The entities under the filters, the first $limit (NULL: all); with a sector filter, entities without a
-- sector are left out. entity_details is stored in this order.
SELECT entity_id, name_zh, type, sector_id, sector_zh, sector_en, zone_id, status, quote, doc_id, doc_title,
       report_year, char_start, char_end
FROM entity_details
WHERE (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
  AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
  AND region = $region
ORDER BY sector_id NULLS LAST, type, name_zh, entity_id
LIMIT $limit
