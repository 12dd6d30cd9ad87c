-- Indexes for the annual statistics: each figure is a range scan on one date, covering the columns it
-- counts, so a national year reads only that year's index entries (bench/statistics.bench.ts).
create index cases_stats_reported_idx on cases (reported_at)
  include (area_code, post_mortem, state_detention, supersedes_case_id);
create index cases_stats_inquest_opened_idx on cases (inquest_opened_on)
  include (area_code) where inquest_opened_on is not null;
create index cases_stats_concluded_idx on cases (concluded_on)
  include (area_code, short_form, has_narrative, jury, reported_at) where concluded_on is not null;
-- Investigations open more than 12 months at a year's end: only the long ones (still open, or closed more than
-- about a year after the report) are indexed, so the count reads a small index. The query repeats the predicate.
create index cases_stats_long_idx on cases (reported_at)
  include (closed_on, investigation_opened_at, area_code)
  where investigation_opened_at is not null
    and (closed_on is null or closed_on > (reported_at at time zone 'UTC')::date + 360);
