-- Trigram indexes no query reads any more: names are found through their name keys (migration 0160). Each was
-- written for every case and person imported.
drop index cases_search_name_trgm_idx;
drop index cases_family_name_trgm_idx;
drop index case_people_name_trgm_idx;
