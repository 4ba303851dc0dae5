-- Documents whose text contains the needle (case-insensitive, no wildcards), with how often (non-overlapping
-- matches; in the lower-cased text when the needle has case, else in the text as it is).
-- Through the bigram index text_bigrams (etl/text_bigrams.sql: every pair of adjacent characters of each
-- lower-cased text, with how often it occurs): a needle of two or more characters can only be in a text that
-- holds each of its bigrams (`holders`, read from the few row groups that hold them), and a needle of two
-- different characters occurs there exactly as often as its bigram, so no text is read for it (a pair of equal
-- characters, as in 哈哈, can overlap itself and is counted in the text). A single character, which no bigram
-- stands for, is looked for in every text. At 1,000,000 facts (8,000 texts), CPU per call: 芦淞 (in every text)
-- 65 -> 10 ms, a word in no text 66 -> 10 ms; a longer word in every text still reads them all (64 -> 72 ms).
-- The needle's bigrams are a constant list (no table to join), so their filter is a filter of the scan; those of
-- its first 64 characters only, as the texts are read for a long needle anyway (a needle of 100,000 characters
-- took 4.5 s with all its bigrams, 5 ms with these).
-- Counted in bytes (strlen), which is cheaper than characters (length) and the same number of matches.
WITH holders AS (
    SELECT doc_row, min(n) AS n
    FROM text_bigrams
    WHERE bigram = ANY(list_distinct([substr(lower($needle), i, 2) FOR i IN range(1, least(length($needle), 64))]))
    GROUP BY doc_row
    HAVING count(*) = len(list_distinct([substr(lower($needle), i, 2) FOR i IN range(1, least(length($needle), 64))]))
)
SELECT d.doc_id, d.title, d.report_year,
       CASE WHEN length($needle) = 2 AND substr(lower($needle), 1, 1) <> substr(lower($needle), 2, 1)
            THEN h.n
            WHEN lower($needle) = upper($needle)
            THEN (strlen(d.text) - strlen(replace(d.text, $needle, ''))) // strlen($needle)
            ELSE (strlen(lower(d.text)) - strlen(replace(lower(d.text), lower($needle), '')))
                 // strlen(lower($needle))
       END::BIGINT AS matches
FROM holders AS h
JOIN documents AS d ON d.rowid = h.doc_row
-- Whether the text holds the needle, asked of the holders only: the condition names h, so it is not pushed
-- into the scan of documents, which would then read every text (and for two different characters it is true).
WHERE (length($needle) = 2 AND substr(lower($needle), 1, 1) <> substr(lower($needle), 2, 1))
   OR CASE WHEN h.n > 0
           THEN contains(d.text, $needle)
                OR (lower($needle) <> upper($needle) AND contains(lower(d.text), lower($needle)))
      END
UNION ALL
SELECT doc_id, title, report_year,
       CASE WHEN lower($needle) = upper($needle)
            THEN (strlen(text) - strlen(replace(text, $needle, ''))) // strlen($needle)
            ELSE (strlen(lower(text)) - strlen(replace(lower(text), lower($needle), ''))) // strlen(lower($needle))
       END AS matches
FROM documents
WHERE text IS NOT NULL AND length($needle) = 1
  AND (contains(text, $needle) OR (lower($needle) <> upper($needle) AND contains(lower(text), lower($needle))))
ORDER BY matches DESC, report_year DESC NULLS LAST, doc_id
