-- Every fact with the fields of its document, indicator and sector the dashboard shows or filters by (the
-- rows of the table fact_details; etl/derived.py): a copy, so that a page's query reads one table instead of
-- joining four (each join is a fixed cost of about a millisecond on data/lusong.duckdb, and at 1,000,000
-- facts the Data page's first rows were chosen from the join in 190-360 ms against 50 ms from this table).
-- Stored in the Data page's order, latest period first, so its first rows are in the first row groups.
-- series_key numbers the fact's indicator, measure and unit (the table series, derived first).
SELECT f.fact_id, f.doc_id, f.indicator_id, f.sector_id, f.zone_id, f.value, f.unit, f.value_text,
       f.qualifier, f.kind, f.measure, f.period_start, f.period_end, f.char_start, f.char_end, f.quote,
       d.region, d.report_year, d.title AS doc_title, d.publisher, d.meeting_date, d.url,
       d.text IS NOT NULL AS has_text,
       i.name_zh AS indicator_zh, i.name_en AS indicator_en, i.is_generated,
       s.name_zh AS sector_zh, s.name_en AS sector_en, k.series_key
FROM facts AS f
JOIN documents AS d ON d.doc_id = f.doc_id
JOIN indicators AS i ON i.indicator_id = f.indicator_id
JOIN sectors AS s ON s.sector_id = f.sector_id
JOIN series AS k ON k.indicator_id = f.indicator_id AND k.measure = f.measure AND k.unit = f.unit
ORDER BY f.period_end DESC, f.sector_id, f.indicator_id, f.fact_id
