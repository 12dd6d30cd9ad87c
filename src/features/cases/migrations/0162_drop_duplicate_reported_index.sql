-- cases_stats_reported_idx (migration 0650) has the same key, reported_at, and covers more: the older index
-- answered nothing the newer one does not, and was written for every case reported or imported.
drop index cases_reported_idx;
