-- Every document without its text, with the place it is about: the home region's first, then documents
-- with text, newest report first. Whether a document has its text is read from its sha256, which the contract
-- gives exactly the documents with text (etl check): testing the text itself read all of them (at 1,000,000
-- facts, 8,000 texts: 33 -> 16 ms of CPU per call).
SELECT doc_id, source_file, source_type, title, publisher, meeting, meeting_date, report_year, url, region,
       sha256 IS NOT NULL AS has_text
FROM documents
ORDER BY region = $region DESC, has_text DESC, report_year DESC NULLS LAST, meeting_date DESC NULLS LAST,
         doc_id
