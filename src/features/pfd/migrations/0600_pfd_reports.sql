-- Prevention of Future Deaths reports (Coroners and Justice Act 2009 Sch.5 para 7; Coroners (Investigations)
-- Regulations 2013 r.28-29): the report, its recipients (each with a response due 56 days after sending),
-- extensions of that time, the responses received, and the published form of the report.
create table pfd_sequences (
  area_code text not null references areas (code),
  year integer not null,
  last integer not null,
  primary key (area_code, year)
);

create table pfd_reports (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  case_id uuid not null references cases (id),
  area_code text not null references areas (code),
  status text not null default 'DRAFT' check (status in ('DRAFT', 'SENT')),
  coroner_id uuid references users (id),
  coroner_name text not null,
  coroner_title text not null,
  investigation text not null,
  circumstances text not null,
  concerns jsonb not null,
  action text not null,
  themes text[] not null default '{}',
  copy_interested_person_ids uuid[] not null default '{}',
  safeguarding_board jsonb,
  other_copies jsonb not null default '[]'::jsonb,
  deceased_under_18 boolean not null default false,
  sent_on date,
  sent_at timestamptz,
  published_at timestamptz,
  publication jsonb,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index pfd_reports_case_idx on pfd_reports (case_id);
create index pfd_reports_sent_idx on pfd_reports (sent_on, area_code) where sent_on is not null;
create index pfd_reports_published_idx on pfd_reports (published_at) where published_at is not null;

create table pfd_recipients (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references pfd_reports (id) on delete cascade,
  position integer not null,
  organisation text not null,
  person text,
  email text,
  original_due_on date,
  due_on date,
  responded_on date,
  unique (report_id, position)
);
create index pfd_recipients_report_idx on pfd_recipients (report_id);
-- The overdue register: recipients with a due date who have not answered.
create index pfd_recipients_waiting_idx on pfd_recipients (due_on) where responded_on is null and due_on is not null;

create table pfd_extensions (
  id uuid primary key default gen_random_uuid(),
  recipient_id uuid not null references pfd_recipients (id),
  from_due_on date not null,
  to_due_on date not null,
  reason text not null,
  granted_by uuid references users (id),
  created_at timestamptz not null default now()
);
create index pfd_extensions_recipient_idx on pfd_extensions (recipient_id);

create table pfd_responses (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references pfd_reports (id),
  recipient_id uuid not null references pfd_recipients (id),
  received_on date not null,
  summary text,
  document_sha256 text,
  document_name text,
  document_type text,
  document_size integer,
  recorded_by uuid references users (id),
  created_at timestamptz not null default now()
);
create index pfd_responses_report_idx on pfd_responses (report_id);
