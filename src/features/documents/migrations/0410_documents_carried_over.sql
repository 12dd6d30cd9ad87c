-- A fresh investigation after a quash (Coroners Act 1988 s.13) keeps the evidence gathered before: each
-- document of the quashed case is carried over to the fresh case, pointing back at the one it came from.
alter table documents add column carried_from uuid references documents (id);
