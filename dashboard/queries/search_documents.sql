-- Documents whose text contains the needle (case-insensitive, no wildcards), with how often.
SELECT doc_id, title, report_year,
       (length(text) - length(replace(lower(text), lower($needle), ''))) // length($needle) AS matches
FROM documents
WHERE text IS NOT NULL AND length($needle) > 0 AND contains(lower(text), lower($needle))
ORDER BY matches DESC, report_year DESC NULLS LAST, doc_id
