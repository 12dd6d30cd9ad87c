-- Trigram indexes no query reads: the family name on its own (searches use the whole search name and its
-- name keys) and the names of the people on a case. Each was written for every case and person imported.
drop index cases_family_name_trgm_idx;
drop index case_people_name_trgm_idx;
