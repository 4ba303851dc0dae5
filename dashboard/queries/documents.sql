-- Every document without its text, with the place it is about: the home region's first, then documents
-- with text, newest report first.
SELECT doc_id, source_file, source_type, title, publisher, meeting, meeting_date, report_year, url, region,
       text IS NOT NULL AS has_text
FROM documents
ORDER BY region = $region DESC, has_text DESC, report_year DESC NULLS LAST, meeting_date DESC NULLS LAST,
         doc_id
