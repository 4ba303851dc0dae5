-- Every document without its text: documents with text first, newest report first.
SELECT doc_id, source_file, source_type, title, publisher, meeting, meeting_date, report_year, url,
       text IS NOT NULL AS has_text
FROM documents
ORDER BY has_text DESC, report_year DESC NULLS LAST, meeting_date DESC NULLS LAST, doc_id
