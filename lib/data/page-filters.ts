import "server-only";
import { getPool } from "@/lib/db";
import { type FilterProblem, type IncidentFilters, readIncidentFilters } from "@/lib/filters";

type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The claimant and site slugs of a filter that name nothing in the database, as problems (in the
 * order given). The one check behind both policies: the API refuses, pages drop and report.
 */
export async function findUnknownReferences(filters: IncidentFilters): Promise<FilterProblem[]> {
  if (!filters.claimant && !filters.site) return [];
  const { rows } = await getPool().query<{ parameter: "claimant" | "site"; value: string }>(
    `SELECT 'claimant' AS parameter, c.slug AS value, 1 AS k, c.n FROM unnest($1::text[]) WITH ORDINALITY AS c(slug, n)
       WHERE NOT EXISTS (SELECT 1 FROM armed_group g WHERE g.slug = c.slug)
     UNION ALL
     SELECT 'site', s.slug, 2, s.n FROM unnest($2::text[]) WITH ORDINALITY AS s(slug, n)
       WHERE NOT EXISTS (SELECT 1 FROM site t WHERE t.slug = s.slug)
     ORDER BY k, n`,
    [filters.claimant ?? [], filters.site ?? []],
  );
  return rows.map(({ parameter, value }) => ({
    parameter,
    value,
    message:
      parameter === "claimant"
        ? `claimant "${value}" is not a known group (see /api/groups)`
        : `site "${value}" is not a known site (see /api/sites)`,
  }));
}

/**
 * The filter as pages read it: leniently. Bad values and unknown claimant or site slugs are dropped
 * and reported, so a mistyped link still shows a page that says what it ignored.
 */
export async function readPageFilters(searchParams: SearchParams): Promise<{ filters: IncidentFilters; problems: FilterProblem[] }> {
  const { filters, problems } = readIncidentFilters(searchParams);
  const unknown = await findUnknownReferences(filters);
  for (const key of ["claimant", "site"] as const) {
    const dropped = new Set(unknown.filter((p) => p.parameter === key).map((p) => p.value));
    const rest = filters[key]?.filter((v) => !dropped.has(v));
    if (rest?.length) filters[key] = rest;
    else delete filters[key];
  }
  return { filters, problems: [...problems, ...unknown] };
}
