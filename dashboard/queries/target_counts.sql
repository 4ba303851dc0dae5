-- How many targets and plans under the filters have each status (met, missed, in_progress, no_data; a
-- status no goal has is left out), judged by _targets_judged.sql as targets.sql judges them.
WITH {{targets_judged}}
SELECT status, count(*) AS n FROM statused GROUP BY status ORDER BY status
