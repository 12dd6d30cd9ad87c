-- A group ends when a case is taken out of a group of two: the other is then heard on its own.
alter table case_groups add column ended_at timestamptz;
