import { sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/auth.queries.ts';
import type { Db } from '../../platform/db/database.ts';
import { londonDate } from '../../platform/views/dates.ts';
import { caseScope } from '../cases/cases.access.ts';
import type { CaseState } from '../cases/cases.domain.ts';
import { ageAtDeath } from './pfd.domain.ts';
import type { PfdReportRow } from './pfd.tables.ts';
import {
  keywordRegexForSql,
  matchThemes,
  PFD_THEMES,
  type PfdTheme,
  type ThemeMatch,
  themeFacets,
} from './pfd.themes.ts';

export type LaterDeath = {
  caseId: string;
  reference: string;
  name: string;
  reportedOn: string;
  matches: (ThemeMatch & { label: string })[];
};

/**
 * Later deaths with the same theme as a sent report: cases of the same area reported after the report was
 * sent, that share one of its themes by the rule in pfd.themes.ts. The database narrows the candidates with
 * the same keywords and facets; `matchThemes` decides and gives the reasons.
 */
export async function laterDeaths(
  db: Db,
  principal: Principal,
  report: PfdReportRow,
  limit = 50,
): Promise<LaterDeath[]> {
  const themes = report.themes.filter((t): t is PfdTheme => t in PFD_THEMES && t !== 'other');
  if (!report.sentOn || themes.length === 0) return [];
  const regex = keywordRegexForSql(themes);
  const f = themeFacets(themes);
  const text = sql`(cases.circumstances || ' ' || coalesce(cases.state->'inquest'->'conclusion'->>'howWhenWhere', '') || ' ' ||
    coalesce(cases.state->'inquest'->'conclusion'->>'circumstances', '') || ' ' || coalesce(cases.state->'inquest'->'conclusion'->>'narrative', ''))`;
  const any = [
    regex ? sql`${text} ~* ${regex}` : sql`false`,
    f.tags.length ? sql`cases.circumstance_tags && ${toArray(f.tags)}` : sql`false`,
    f.places.length ? sql`cases.scene_place_type = any(${toArray(f.places)})` : sql`false`,
    f.detention.length ? sql`cases.state_detention = any(${toArray(f.detention)})` : sql`false`,
    f.conclusions.length ? sql`cases.short_form = any(${toArray(f.conclusions)})` : sql`false`,
    f.under18 ? sql`cases.age < 18` : sql`false`,
  ];
  const rows = await db.execute<{
    id: string;
    reference: string;
    given_names: string;
    family_name: string;
    reported_at: Date | string;
    circumstances: string;
    state: CaseState;
    circumstance_tags: string[];
    scene_place_type: string | null;
    state_detention: string | null;
    short_form: string | null;
    age: number | null;
    date_of_birth: string | null;
    date_of_death: string | null;
    date_found: string | null;
  }>(sql`
    select cases.id, cases.reference, cases.given_names, cases.family_name, cases.reported_at, cases.circumstances, cases.state,
      cases.circumstance_tags, cases.scene_place_type, cases.state_detention, cases.short_form, cases.age, cases.date_of_birth,
      cases.date_of_death, cases.date_found
    from cases
    where cases.area_code = ${report.areaCode}
      and cases.reported_at >= (${report.sentOn}::date + 1)::timestamp at time zone 'Europe/London'
      and cases.id <> ${report.caseId}
      and cases.status <> 'QUASHED'
      and ${caseScope(principal)}
      and (${sql.join(any, sql` or `)})
    order by cases.reported_at
    limit ${limit * 4}`);
  const out: LaterDeath[] = [];
  for (const r of rows.rows) {
    const conclusion = r.state?.inquest?.conclusion;
    const matches = matchThemes(themes, {
      circumstances: r.circumstances,
      inquestText: [conclusion?.howWhenWhere, conclusion?.circumstances, conclusion?.narrative]
        .filter(Boolean)
        .join(' '),
      circumstanceTags: r.circumstance_tags ?? [],
      placeType: r.scene_place_type,
      stateDetention: r.state_detention,
      shortForm: r.short_form,
      age: ageAtDeath({
        dateOfBirth: r.date_of_birth,
        dateOfDeath: r.date_of_death,
        dateFound: r.date_found,
        age: r.age,
      }),
    });
    if (matches.length === 0) continue;
    out.push({
      caseId: r.id,
      reference: r.reference,
      name: `${r.given_names} ${r.family_name}`,
      reportedOn: londonDate(new Date(r.reported_at)),
      matches: matches.map((m) => ({ ...m, label: PFD_THEMES[m.theme].label })),
    });
    if (out.length >= limit) break;
  }
  return out;
}

const toArray = (values: readonly string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
