-- Documents whose text contains the needle (case-insensitive, no wildcards), with how often.
-- Fast paths, same answer: a needle without case (Chinese, digits) is matched and counted in the text as it
-- is, with no lower-cased copy of every text; otherwise the exact match is tried before the lower-cased
-- one, and only the documents that match are counted. Counted in bytes (strlen), which is cheaper than
-- characters (length) and the same number of matches.
SELECT doc_id, title, report_year,
       CASE WHEN lower($needle) = upper($needle)
            THEN (strlen(text) - strlen(replace(text, $needle, ''))) // strlen($needle)
            ELSE (strlen(lower(text)) - strlen(replace(lower(text), lower($needle), ''))) // strlen(lower($needle))
       END AS matches
FROM documents
WHERE text IS NOT NULL AND length($needle) > 0
  AND (contains(text, $needle)
       OR (lower($needle) <> upper($needle) AND contains(lower(text), lower($needle))))
ORDER BY matches DESC, report_year DESC NULLS LAST, doc_id
