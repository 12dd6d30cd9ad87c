-- An alert is shown to every coroner area holding one of its cases now. Alerts raised before one of their
-- cases was transferred named only the areas of that time: they now follow their cases' current areas, as
-- the transfer of a case keeps them doing from here on.
update link_alerts
set area_codes = coalesce(
  (select array_agg(distinct c.area_code order by c.area_code) from cases c where c.id = any(link_alerts.case_ids)),
  area_codes
);
