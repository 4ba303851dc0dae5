-- The facts extracted from one document, with their offsets into documents.text, in text order.
SELECT fact_id, char_start, char_end, value, unit, qualifier, value_text, kind, measure, period_start,
       period_end, sector_id, quote, indicator_zh, indicator_en
FROM fact_details
WHERE doc_id = $doc_id
ORDER BY char_start NULLS LAST, char_end, fact_id
