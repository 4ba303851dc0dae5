-- The facts extracted from one document, with their offsets into documents.text, in text order.
SELECT f.fact_id, f.char_start, f.char_end, f.value, f.unit, f.qualifier, f.value_text, f.kind, f.measure,
       f.period_start, f.period_end, f.sector_id, f.quote,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en
FROM facts AS f
JOIN indicators AS i ON i.indicator_id = f.indicator_id
WHERE f.doc_id = $doc_id
ORDER BY f.char_start NULLS LAST, f.char_end, f.fact_id
