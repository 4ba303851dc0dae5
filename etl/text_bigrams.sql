-- The bigram index of the document texts (the rows of the table text_bigrams; etl/derived.py): for every pair
-- of adjacent characters (code points) of a lower-cased text, how often it occurs there. Chinese has no spaces
-- to cut words at, so pairs of characters are the usual unit of a full-text index. The document search
-- (dashboard/queries/search_documents.sql) reads it to find the texts that can hold a needle of two or more
-- characters without reading every text, and to count a needle of two different characters without reading
-- any. doc_row is the document's rowid in documents, which the build writes once, before this table.
-- Stored by bigram, so a lookup reads the few row groups that hold it.
SELECT bigram, doc_row, count(*)::INTEGER AS n
FROM (
    SELECT doc_row, unnest(list_transform(range(1, len(chars)), lambda i: chars[i] || chars[i + 1])) AS bigram
    FROM (
        SELECT rowid::INTEGER AS doc_row, string_split(lower(text), '') AS chars
        FROM documents
        WHERE text IS NOT NULL
    )
)
GROUP BY bigram, doc_row
ORDER BY bigram, doc_row
