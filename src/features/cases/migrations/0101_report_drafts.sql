-- A death report being written through the question pages, kept until it is submitted.
create table report_drafts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index report_drafts_user_idx on report_drafts (user_id);
