-- Wrong passwords are counted by the email address typed, not on the account, so an address with no
-- account (or a closed one) is counted and locked exactly as an account is: the lock-out must not tell
-- anyone which addresses have accounts. A row lives until `expires_at` (the lock-out period after its last
-- counted failure, so also the end of its lock); rows past it are deleted as failures are written, so
-- an attacker trying many addresses cannot make the table grow without bound.
create table sign_in_failures (
  email text primary key, -- lower(trim(address)), as accounts are looked up
  failures integer not null,
  locked_until timestamptz,
  expires_at timestamptz not null,
  check (locked_until <= expires_at)
);
create index sign_in_failures_expires_idx on sign_in_failures (expires_at);

-- Locks in force carry over; counts short of a lock start again.
insert into sign_in_failures (email, failures, locked_until, expires_at)
select lower(email), 0, locked_until, locked_until
from users
where locked_until > now();

alter table users drop column failed_sign_ins, drop column locked_until;
