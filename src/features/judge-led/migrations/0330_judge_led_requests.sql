-- Judge-led inquests: a coroner's request (for cases or a group), the Chief Coroner's decision, and the
-- local authority's appointment of the judge, who becomes the conducting coroner of every case in it.
create table judge_led_requests (
  id uuid primary key default gen_random_uuid(),
  area_code text not null references areas (code),
  group_id uuid references case_groups (id),
  status text not null check (status in ('REQUESTED', 'APPROVED', 'DECLINED', 'JUDGE_APPOINTED')),
  reasons text not null,
  requested_by uuid not null references users (id),
  requested_at timestamptz not null,
  decided_by uuid references users (id),
  decided_at timestamptz,
  decision_reasons text,
  judge_user_id uuid references users (id),
  judge_name text,
  judge_title text,
  appointment_basis text check (appointment_basis in ('ASSISTANT_CORONER', 'SCHEDULE_10')),
  appointed_on date,
  appointed_by uuid references users (id),
  appointed_by_organisation text,
  appointed_at timestamptz,
  check ((status = 'REQUESTED') = (decided_at is null)),
  check ((status = 'JUDGE_APPOINTED') = (judge_user_id is not null))
);
create index judge_led_requests_status_idx on judge_led_requests (status, area_code);

create table judge_led_request_cases (
  request_id uuid not null references judge_led_requests (id),
  case_id uuid not null references cases (id),
  primary key (request_id, case_id)
);
create index judge_led_request_cases_case_idx on judge_led_request_cases (case_id);
