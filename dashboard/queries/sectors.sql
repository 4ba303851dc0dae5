-- The sectors in catalog order (the order the ETL inserted them) with how many facts each has.
SELECT s.sector_id, s.name_zh, s.name_en, count(f.fact_id) AS n_facts
FROM sectors AS s
LEFT JOIN facts AS f ON f.sector_id = s.sector_id
GROUP BY s.sector_id, s.name_zh, s.name_en, s.rowid
ORDER BY s.rowid
