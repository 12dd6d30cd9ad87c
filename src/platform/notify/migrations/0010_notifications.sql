-- The notification outbox: written in the same transaction as the change it tells people about, delivered
-- afterwards (GOV.UK Notify when configured), retried with backoff, never deleted.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  case_id uuid,
  recipient_name text not null,
  email text,
  phone text,
  postal_address text,
  channel text not null check (channel in ('email', 'sms', 'letter')),
  template text not null,
  subject text not null,
  body text not null,
  source text,
  source_id text,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'kept')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  provider_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index notifications_case_idx on notifications (case_id, created_at);
create index notifications_due_idx on notifications (next_attempt_at) where status = 'queued';
