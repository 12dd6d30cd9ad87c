-- The registrar's particulars asked for on suspending (reg. 8) and never sent go to the registrar with the
-- outcome when the investigation ends (the Record of Inquest, or the certificate on not resuming): a clock
-- left running on a case that has ended is met on the day it ended, as the application now derives it.
update case_deadlines d
set met_on = (c.state ->> 'closedOn')::date
from cases c
where c.id = d.case_id
  and d.source = 'case'
  and d.kind = 'REG8_REGISTRAR_PARTICULARS'
  and d.met_on is null
  and c.status in ('NO_DUTY', 'DISCONTINUED', 'NOT_RESUMED', 'CONCLUDED')
  and c.state ->> 'closedOn' is not null;
