-- Interested persons (Coroners and Justice Act 2009 s.47): the family and others the coroner recognises,
-- and the user accounts (their own, or their lawyer's) through which they see the case.
create table interested_persons (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  kind text not null default 'person' check (kind in ('person', 'organisation')),
  name text not null,
  category text not null,
  relationship text,
  organisation text,
  email text,
  phone text,
  postal_address text,
  preferred_channel text check (preferred_channel in ('email', 'sms', 'letter')),
  is_family_contact boolean not null default false,
  representative jsonb,
  funding text not null default 'UNKNOWN' check (funding in ('LEGAL_AID', 'EXCEPTIONAL_CASE_FUNDING', 'PRIVATE', 'NONE', 'UNKNOWN')),
  status text not null default 'PROPOSED' check (status in ('PROPOSED', 'RECOGNISED', 'DECLINED', 'REMOVED')),
  decided_by uuid references users (id),
  decided_at timestamptz,
  decision_reasons text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index interested_persons_case_idx on interested_persons (case_id);

create table interested_person_users (
  interested_person_id uuid not null references interested_persons (id),
  user_id uuid not null references users (id),
  capacity text not null check (capacity in ('self', 'representative')),
  created_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (interested_person_id, user_id)
);
create index interested_person_users_user_idx on interested_person_users (user_id) where ended_at is null;
