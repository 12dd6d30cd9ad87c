-- Possible links between deaths: the detector's prepared view of each case (kept by the assessment job),
-- the possible links it found with their feature-by-feature reasons, the alerts queue with its decisions,
-- the register of known sites, and the background frequencies the scores are measured against.
create table link_cases (
  case_id uuid primary key references cases (id),
  area_code text not null references areas (code),
  event_day integer not null,
  unnatural boolean not null,
  lat double precision,
  lon double precision,
  accuracy_m double precision,
  -- Where the coordinate came from: 'typed', 'postcode' (a postcode geocoder) or 'residence'.
  location_source text,
  -- A grid cell of about 2 km, for the candidate prefilter.
  cell text,
  keys text[] not null default '{}',
  name_words text[] not null default '{}',
  text_words text[] not null default '{}',
  -- Circumstance tags and detected substances ('sub:ghb'): a pair sharing none cannot reach review unless
  -- the deaths were close in place and time, so the prefilter needs only these from the wider circle.
  traits text[] not null default '{}',
  data jsonb not null,
  assessed_at timestamptz not null
);
create index link_cases_cell_day_idx on link_cases (cell, event_day) where unnatural;
create index link_cases_unplaced_idx on link_cases (area_code, event_day) where unnatural and cell is null;
create index link_cases_day_idx on link_cases (event_day) where unnatural;
create index link_cases_keys_idx on link_cases using gin (keys) where unnatural;
create index link_cases_name_words_idx on link_cases using gin (name_words) where unnatural;
create index link_cases_text_words_idx on link_cases using gin (text_words) where unnatural;

-- An alert: a possible link or a cluster signal for a person to review; never a conclusion.
create table link_alerts (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('pair', 'cluster', 'site')),
  level text not null check (level in ('review', 'urgent')),
  -- Every area whose cases the alert touches: each sees it in its queue.
  area_codes text[] not null,
  -- For a pair, the two case ids in order; for a signal, its stream and day.
  signal_key text not null unique,
  case_ids uuid[] not null,
  summary text not null,
  score double precision,
  reasons jsonb not null default '[]'::jsonb,
  status text not null default 'OPEN' check (status in ('OPEN', 'CONFIRMED', 'DISMISSED')),
  raised_at timestamptz not null,
  updated_at timestamptz not null,
  decided_at timestamptz,
  decided_by uuid references users (id),
  decision_reason text,
  group_id uuid references case_groups (id)
);
create index link_alerts_areas_idx on link_alerts using gin (area_codes);
create index link_alerts_status_idx on link_alerts (status, raised_at desc);
create index link_alerts_cases_idx on link_alerts using gin (case_ids);

-- The current possible links of each pair of cases (case_a < case_b), with the score explained.
create table possible_links (
  case_a uuid not null references cases (id),
  case_b uuid not null references cases (id),
  score double precision not null,
  level text not null check (level in ('review', 'urgent')),
  reasons jsonb not null,
  alert_id uuid references link_alerts (id),
  found_at timestamptz not null,
  updated_at timestamptz not null,
  primary key (case_a, case_b),
  check (case_a < case_b)
);
create index possible_links_b_idx on possible_links (case_b);

-- Hospitals, hospices, care homes, prisons, stations: kept out of place rules, watched on their own baseline.
create table known_sites (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('hospital', 'hospice', 'care-home', 'prison', 'railway-station', 'other')),
  lat double precision not null,
  lon double precision not null,
  radius_m double precision not null,
  area_code text references areas (code),
  created_at timestamptz not null default now()
);

-- Substance, circumstance and name frequencies measured on the system's own cases (refreshed nightly).
create table link_background (
  id integer primary key check (id = 1),
  data jsonb not null,
  cases integer not null,
  computed_at timestamptz not null
);
