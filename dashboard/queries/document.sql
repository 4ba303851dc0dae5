-- One document with its text.
SELECT doc_id, source_type, title, publisher, meeting, meeting_date, report_year, url, region, text
FROM documents
WHERE doc_id = $doc_id
