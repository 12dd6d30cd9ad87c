-- Inquests to be heard together (and, later, a confirmed link between deaths becomes a group).
create table case_groups (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  reason text not null,
  area_code text references areas (code),
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);

create table case_group_members (
  group_id uuid not null references case_groups (id),
  case_id uuid not null references cases (id) unique,
  added_by uuid references users (id),
  added_at timestamptz not null default now(),
  primary key (group_id, case_id)
);
