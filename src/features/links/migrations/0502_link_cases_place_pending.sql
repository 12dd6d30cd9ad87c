-- A case whose postcode the postcode service could not be asked about (it was down for longer than the
-- assessment's retries) is assessed again by the nightly batch until the service places it.
alter table link_cases add column place_pending boolean not null default false;
create index link_cases_place_pending_idx on link_cases (case_id) where place_pending;
