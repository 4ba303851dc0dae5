-- The report years of the documents, newest first, and whether any document of that year has its text.
SELECT report_year, bool_or(text IS NOT NULL) AS has_text
FROM documents
WHERE report_year IS NOT NULL AND region = $region
GROUP BY report_year
ORDER BY report_year DESC
