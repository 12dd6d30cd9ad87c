-- The oversight pages count each area's open cases by age: only open cases are indexed, so the counts read a
-- small index (index-only) instead of every case ever reported, and long investigations are a range of it.
create index cases_open_by_area_idx on cases (area_code, reported_at)
  include (status, investigation_opened_at) where closed_on is null;
