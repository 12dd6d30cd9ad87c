-- Platform: the tamper-evident audit log and the job queue.
create extension if not exists pg_trgm;

create table audit_events (
  seq bigint primary key,
  occurred_at timestamptz not null,
  actor_id uuid,
  actor_label text not null,
  actor_role text,
  action text not null,
  case_id uuid,
  subject_type text,
  subject_id text,
  detail jsonb not null default '{}'::jsonb,
  request_id text,
  prev_hash text not null,
  hash text not null
);
create index audit_events_case_idx on audit_events (case_id, seq) where case_id is not null;
create index audit_events_actor_idx on audit_events (actor_id, seq);

-- The newest row's sequence number and hash, written with every append: removing rows from the end of
-- the chain is then as visible as altering one.
create table audit_head (
  id smallint primary key default 1 check (id = 1),
  seq bigint not null,
  hash text not null
);

create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit events are append-only';
end $$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();
create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_events_append_only();

create table jobs (
  id bigserial primary key,
  kind text not null,
  payload jsonb not null default '{}'::jsonb,
  unique_key text unique,
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 10,
  locked_until timestamptz,
  last_error text,
  done_at timestamptz,
  created_at timestamptz not null default now()
);
create index jobs_due_idx on jobs (run_at) where done_at is null;
