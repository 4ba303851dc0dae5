-- The sectors in catalog order (the order the ETL inserted them) with how many facts each has (counted per
-- sector first: a join of every fact to its sector took 124 ms of CPU at 1,000,000 facts, this 17 ms).
SELECT s.sector_id, s.name_zh, s.name_en, coalesce(c.n, 0) AS n_facts
FROM sectors AS s
LEFT JOIN (SELECT sector_id, count(*) AS n FROM facts GROUP BY sector_id) AS c ON c.sector_id = s.sector_id
ORDER BY s.rowid
