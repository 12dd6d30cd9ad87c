-- Coroner areas (CJA 2009 s.22, Sch 2), the local authorities that fund them, and their courts.
create table areas (
  code text primary key check (code ~ '^[A-Z]{2,4}$'),
  name text not null unique,
  created_at timestamptz not null default now()
);

create table local_authorities (
  id uuid primary key default gen_random_uuid(),
  area_code text not null references areas (code),
  name text not null,
  is_lead boolean not null default false,
  unique (area_code, name)
);

create table courts (
  id uuid primary key default gen_random_uuid(),
  area_code text not null references areas (code),
  name text not null,
  address_line1 text not null,
  address_line2 text,
  town text not null,
  postcode text,
  created_at timestamptz not null default now(),
  unique (area_code, name)
);
