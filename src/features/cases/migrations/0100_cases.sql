-- Cases: a reported death and its statutory life. The log (case_events) is the record; the columns
-- marked "projection" are derived from it in the same transaction as each event, for lists and search.
create table case_sequences (
  area_code text not null references areas (code),
  year integer not null,
  last integer not null,
  primary key (area_code, year)
);

create table cases (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  area_code text not null references areas (code),
  reported_at timestamptz not null,
  given_names text not null,
  family_name text not null,
  search_name text not null,
  sex text not null check (sex in ('male', 'female', 'unknown')),
  date_of_birth date,
  age integer,
  home_town text,
  address jsonb,
  occupation text,
  nationality text,
  date_of_death date,
  date_found date,
  time_found text,
  place_of_death jsonb,
  scene_found jsonb,
  scene_lat double precision,
  scene_lon double precision,
  scene_accuracy_m double precision,
  scene_place_type text,
  state_detention text,
  circumstances text not null default '',
  reported_by jsonb not null,
  circumstance_tags text[] not null default '{}',
  toxicology jsonb not null default '{"tested": [], "detected": []}'::jsonb,
  police_classification text,
  assigned_coroner_id uuid references users (id),
  assigned_officer_id uuid references users (id),
  supersedes_case_id uuid references cases (id),
  superseded_by_case_id uuid references cases (id),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  event_count integer not null default 0,
  -- projection of the log
  status text not null,
  state jsonb not null,
  investigation_opened_at timestamptz,
  post_mortem boolean not null default false,
  inquest_opened_on date,
  concluded_on date,
  closed_on date,
  short_form text,
  has_narrative boolean not null default false,
  jury boolean,
  article2 text,
  reporting_restriction text not null default 'NONE'
);
create index cases_area_status_idx on cases (area_code, status);
create index cases_reported_idx on cases (reported_at);
create index cases_search_name_trgm_idx on cases using gin (search_name gin_trgm_ops);
create index cases_family_name_trgm_idx on cases using gin (lower(family_name) gin_trgm_ops);
create index cases_name_dob_idx on cases (search_name, date_of_birth);
create index cases_name_dod_idx on cases (search_name, date_of_death);
create index cases_officer_idx on cases (assigned_officer_id) where closed_on is null;
create index cases_coroner_idx on cases (assigned_coroner_id) where closed_on is null;
create index cases_scene_idx on cases (scene_lat, scene_lon) where scene_lat is not null;

create table case_people (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id) on delete cascade,
  role text not null,
  name text not null,
  search_name text not null,
  address jsonb,
  date_of_birth date,
  phone text,
  professional boolean not null default false
);
create index case_people_case_idx on case_people (case_id);
create index case_people_name_trgm_idx on case_people using gin (search_name gin_trgm_ops);

create table case_events (
  case_id uuid not null references cases (id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_id uuid,
  actor_label text not null,
  actor_role text,
  payload jsonb not null default '{}'::jsonb,
  primary key (case_id, seq)
);

create function case_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'case events are append-only';
end $$;
create trigger case_events_no_change before update or delete on case_events
  for each row execute function case_events_append_only();

-- Statutory clocks, derived from the log (source 'case') or kept by other features (hearings, disclosure).
create table case_deadlines (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  kind text not null,
  basis text not null,
  source text not null default 'case',
  source_id text not null default '',
  started_on date not null,
  due_on date not null,
  met_on date,
  unique (case_id, kind, source, source_id)
);
create index case_deadlines_open_idx on case_deadlines (due_on) where met_on is null;
