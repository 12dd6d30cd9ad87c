-- Invitations to the portal: a single-use link, sent by email, that expires. Only the SHA-256 of the link's
-- secret is kept. A representative's invitation is for the lawyer acting for the interested person.
create table interested_person_invitations (
  id uuid primary key default gen_random_uuid(),
  interested_person_id uuid not null references interested_persons (id),
  capacity text not null check (capacity in ('self', 'representative')),
  name text not null,
  email text not null,
  token_hash text not null unique,
  created_by uuid references users (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id),
  withdrawn_at timestamptz
);
create index interested_person_invitations_person_idx on interested_person_invitations (interested_person_id);

-- Messages between an interested person (or their lawyer) and the coroner's office, one thread per
-- interested person, so that divided families do not read each other's messages.
create table interested_person_messages (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases (id),
  interested_person_id uuid not null references interested_persons (id),
  sent_by_office boolean not null,
  author_id uuid references users (id),
  author_name text not null,
  body text not null check (length(body) between 1 and 5000),
  created_at timestamptz not null
);
create index interested_person_messages_person_idx on interested_person_messages (interested_person_id, created_at);
create index interested_person_messages_case_idx on interested_person_messages (case_id, created_at);
