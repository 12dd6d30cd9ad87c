-- Hearings (Coroners (Inquests) Rules 2013 r.9-11, r.24): the rooms of each court, hearings listed in them
-- (several cases may be heard together), what changed and why, and secret calendar feed addresses.
create table court_rooms (
  id uuid primary key default gen_random_uuid(),
  court_id uuid not null references courts (id),
  name text not null,
  capacity integer not null check (capacity > 0),
  jury_capable boolean not null default false,
  video_link boolean not null default false,
  created_at timestamptz not null default now(),
  unique (court_id, name)
);

create table hearings (
  id uuid primary key default gen_random_uuid(),
  area_code text not null references areas (code),
  court_id uuid not null references courts (id),
  room_id uuid references court_rooms (id),
  coroner_id uuid references users (id),
  type text not null check (type in ('OPENING', 'PRE_INQUEST_REVIEW', 'INQUEST', 'RESUMED_INQUEST', 'RULING')),
  status text not null check (status in ('LISTED', 'POSTPONED', 'ADJOURNED', 'VACATED', 'HELD')),
  -- The date and time it is listed for; when postponed with the date to be set, the date it was listed for.
  starts_at timestamptz not null,
  estimated_minutes integer not null check (estimated_minutes between 5 and 14400),
  urgency_reason text,
  reason text,
  outcome jsonb,
  adjourned_from uuid references hearings (id),
  version integer not null default 1,
  listed_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index hearings_starts_idx on hearings (starts_at, court_id);
create index hearings_room_idx on hearings (room_id, starts_at) where status = 'LISTED';
create index hearings_coroner_idx on hearings (coroner_id, starts_at) where status = 'LISTED';
create index hearings_postponed_idx on hearings (area_code) where status = 'POSTPONED';

create table hearing_cases (
  hearing_id uuid not null references hearings (id),
  case_id uuid not null references cases (id),
  primary key (hearing_id, case_id)
);
create index hearing_cases_case_idx on hearing_cases (case_id);

create table hearing_changes (
  id uuid primary key default gen_random_uuid(),
  hearing_id uuid not null references hearings (id),
  kind text not null,
  at timestamptz not null,
  actor_id uuid,
  actor_label text not null,
  detail jsonb not null default '{}'::jsonb
);
create index hearing_changes_hearing_idx on hearing_changes (hearing_id, at);

-- Calendar applications cannot sign in: each feed has its own secret address, stored only as a hash.
create table calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  case_id uuid references cases (id),
  court_id uuid references courts (id),
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  check ((case_id is null) <> (court_id is null))
);
create index calendar_feeds_user_idx on calendar_feeds (user_id) where revoked_at is null;
