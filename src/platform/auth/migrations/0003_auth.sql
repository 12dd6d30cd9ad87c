-- Accounts, server-side sessions and API tokens.
create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  role text not null check (role in ('system-admin', 'chief-coroner', 'coroner', 'officer', 'court-admin',
                                     'local-authority', 'provider', 'interested-person')),
  coroner_office text check (coroner_office in ('senior', 'area', 'assistant', 'judge')),
  area_code text references areas (code),
  organisation text,
  phone text,
  password_hash text,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  check (role not in ('coroner', 'officer', 'court-admin', 'local-authority') or area_code is not null),
  check ((role = 'coroner') = (coroner_office is not null))
);
create unique index users_email_idx on users (lower(email));

create table sessions (
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
