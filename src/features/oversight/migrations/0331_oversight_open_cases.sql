-- The oversight pages count each area's open cases by age: only open cases are indexed, so the counts read a
-- small index (index-only) instead of every case ever reported.
create index cases_open_by_area_idx on cases (area_code, reported_at)
  include (status, investigation_opened_at) where closed_on is null;
-- Long investigations (open, investigated, reported more than 12 months ago) are a range of a smaller index;
-- only their own rows are then read for the reason of their latest s.16 notice.
create index cases_long_investigations_idx on cases (area_code, reported_at)
  where closed_on is null and investigation_opened_at is not null;
