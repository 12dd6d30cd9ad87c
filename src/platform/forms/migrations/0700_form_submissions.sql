-- Forms whose repeat would undo what they did (a one-time link made again cancels the one given out): each
-- page carries a single-use token, and a token sent twice is recognised. Kept for two days.
create table form_submissions (
  key text primary key,
  created_at timestamptz not null
);
create index form_submissions_created_at on form_submissions (created_at);
