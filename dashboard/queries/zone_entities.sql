-- The entities (projects, places, ...) of one zone under the filters, one row per name: how often the
-- documents mention it, and the type, sector, quote and document of its latest mention (the latest status
-- any mention gives). Spellings that differ only by a middle dot or spaces (大汉·悦中心, 大汉悦中心) are one
-- name.
WITH mentions AS (
    SELECT entity_id, doc_id, name_zh, regexp_replace(name_zh, '[·•・\s]', '', 'g') AS name_key,
           type, sector_id, status, quote, char_start, doc_title, report_year
    FROM entity_details
    WHERE zone_id = $zone
      AND (len($sectors::VARCHAR[]) = 0 OR list_contains($sectors::VARCHAR[], sector_id))
      AND ($year::INTEGER IS NULL OR report_year = $year::INTEGER)
      AND region = $region
),
named AS (
    SELECT name_key, count(*) AS mentions,
           first(name_zh ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS name_zh,
           first(entity_id ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS entity_id,
           first(doc_id ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS doc_id,
           first(type ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS type,
           first(sector_id ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS sector_id,
           first(status ORDER BY report_year DESC NULLS LAST, doc_id, char_start)
               FILTER (WHERE status IS NOT NULL) AS status,
           first(quote ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS quote,
           first(doc_title ORDER BY report_year DESC NULLS LAST, doc_id, char_start) AS doc_title
    FROM mentions
    GROUP BY name_key
)
SELECT n.entity_id, n.doc_id, n.name_zh, n.type, n.sector_id, n.status, n.quote, n.mentions,
       s.name_zh AS sector_zh, s.name_en AS sector_en, n.doc_title
FROM named AS n
LEFT JOIN sectors AS s ON s.sector_id = n.sector_id
ORDER BY n.type, n.name_zh
