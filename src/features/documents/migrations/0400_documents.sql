-- Documents and disclosure (Coroners (Inquests) Rules 2013 r.12–15; coroner-service §5 R-10): each
-- document of a case with its owner organisation and the coroner's decisions, its versions (the original
-- kept unchanged, redacted versions made from it with their redaction schedule and approvals), the
-- redactions proposed on it, and every release of a version to an interested person.
create table documents (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  title text not null,
  kind text not null default 'OTHER' check (kind in ('POST_MORTEM_REPORT', 'POLICE_REPORT', 'CONDUCT_REPORT',
    'STATEMENT', 'MEDICAL_RECORDS', 'EXPERT_REPORT', 'OTHER')),
  owner_organisation text not null,
  relevance text check (relevance in ('RELEVANT', 'NOT_RELEVANT')),
  withheld_ground text check (withheld_ground in ('PROHIBITED', 'CONSENT_NOT_OBTAINABLE', 'UNREASONABLE',
    'CRIMINAL_PROCEEDINGS', 'IRRELEVANT')),
  decision_reasons text,
  decided_by uuid references users (id),
  decided_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null
);
create index documents_case_idx on documents (case_id);
create index documents_owner_idx on documents (owner_organisation);

create table document_versions (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id),
  number integer not null check (number >= 1),
  kind text not null check (kind in ('ORIGINAL', 'REDACTED')),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size bigint not null,
  content_type text not null check (content_type in ('application/pdf', 'image/png', 'image/jpeg', 'text/plain')),
  file_name text not null,
  page_count integer,
  -- [[width, height], ...] per page as displayed: points for PDFs, pixels for images
  page_sizes jsonb,
  redaction_ids uuid[] not null default '{}',
  -- what was removed, where, why and by whom: for the coroner's office and the owner, never disclosed
  schedule jsonb,
  state text not null default 'DRAFT' check (state in ('DRAFT', 'OWNER_APPROVED', 'CORONER_APPROVED')),
  owner_approved_by uuid references users (id),
  owner_approved_at timestamptz,
  owner_approval_note text,
  coroner_approved_by uuid references users (id),
  coroner_approved_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null,
  unique (document_id, number)
);

create table document_redactions (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id),
  kind text not null check (kind in ('text', 'box')),
  text text,
  page integer,
  rect jsonb,
  reason text not null check (reason in ('SENSITIVE_OPERATIONAL', 'THIRD_PARTY_PERSONAL_DATA', 'LEGAL_PRIVILEGE',
    'NATIONAL_SECURITY', 'IRRELEVANT', 'OTHER')),
  note text,
  hits integer not null default 0,
  status text not null default 'PROPOSED' check (status in ('PROPOSED', 'ACCEPTED', 'REJECTED')),
  proposed_by uuid not null references users (id),
  proposed_by_label text not null,
  proposed_at timestamptz not null,
  reviewed_by uuid references users (id),
  reviewed_at timestamptz,
  review_reason text,
  check ((kind = 'text' and text is not null) or (kind = 'box' and page is not null and rect is not null))
);
create index document_redactions_document_idx on document_redactions (document_id);

create table document_disclosures (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id),
  version_id uuid not null references document_versions (id),
  case_id uuid not null references cases (id),
  interested_person_id uuid not null references interested_persons (id),
  disclosed_on date not null,
  method text not null check (method in ('ONLINE', 'EMAIL', 'POST', 'BY_HAND')),
  released_by uuid references users (id),
  released_at timestamptz not null,
  withdrawn_by uuid references users (id),
  withdrawn_at timestamptz,
  withdrawal_reason text
);
create unique index document_disclosures_active_idx on document_disclosures (version_id, interested_person_id)
  where withdrawn_at is null;
create index document_disclosures_person_idx on document_disclosures (interested_person_id)
  where withdrawn_at is null;
create index document_disclosures_case_idx on document_disclosures (case_id);
