import "server-only";
import { DATABASE_UNAVAILABLE_MESSAGE, databaseUnavailableResponse, isDatabaseUnavailable } from "@/lib/api/database-unavailable";
import { requireApiPermission } from "@/lib/auth/guards";
import { findUnknownReferences } from "@/lib/data/page-filters";
import { type BBox, type IncidentFilters, parseIncidentFiltersStrict, readIncidentFilters } from "@/lib/filters";

// The read API is strict: any bad parameter is a 400 that names it, and nothing is guessed.

export class BadParameter extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every read route's frame: readers only (401/403 otherwise, see PUBLIC_ACCESS), then `answer`;
 * a BadParameter it throws becomes a 400 naming the parameter, an unreachable database a 503 with
 * Retry-After, anything else a plain 500.
 */
export async function answerRead(request: Request, answer: () => Promise<Response>): Promise<Response> {
  try {
    const actor = await requireApiPermission(request, "read:incident");
    if (actor instanceof Response) return actor;
    return await answer();
  } catch (error) {
    return errorResponse(error);
  }
}

/** 400 with `{ error: { parameter, message } }`; 503 and 500 `{ error: { message } }` never carry internals. */
function errorResponse(error: unknown): Response {
  if (error instanceof BadParameter) {
    return Response.json({ error: { parameter: error.parameter, message: error.message } }, { status: 400 });
  }
  if (isDatabaseUnavailable(error)) {
    console.warn("read API: database unavailable:", error instanceof Error ? error.message : error);
    return databaseUnavailableResponse({ error: { message: DATABASE_UNAVAILABLE_MESSAGE } });
  }
  console.error("read API:", error);
  return Response.json({ error: { message: "The server could not answer this request." } }, { status: 500 });
}

/** The dashboard filter, strictly, with claimant and site slugs checked against the database. */
export async function readApiFilters(params: URLSearchParams): Promise<IncidentFilters> {
  const parsed = parseIncidentFiltersStrict(params);
  if (!parsed.ok) throw new BadParameter(parsed.problem.parameter, parsed.problem.message);
  const [unknown] = await findUnknownReferences(parsed.filters);
  if (unknown) throw new BadParameter(unknown.parameter, unknown.message);
  return parsed.filters;
}

export function readInteger(params: URLSearchParams, name: string, options: { min: number; max: number; fallback: number }): number {
  const values = params.getAll(name);
  if (values.length === 0 || values[0] === "") return options.fallback;
  if (values.length > 1) throw new BadParameter(name, `${name} is given ${values.length} times; give it once`);
  const raw = values[0]!;
  if (!/^-?\d+$/.test(raw)) throw new BadParameter(name, `${name} must be a whole number`);
  const value = Number(raw);
  if (value < options.min || value > options.max) throw new BadParameter(name, `${name} must be between ${options.min} and ${options.max}`);
  return value;
}

export function readChoice<T extends string>(params: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const values = params.getAll(name);
  if (values.length === 0 || values[0] === "") return fallback;
  if (values.length > 1) throw new BadParameter(name, `${name} is given ${values.length} times; give it once`);
  const value = values[0] as T;
  if (!choices.includes(value)) throw new BadParameter(name, `${name} must be one of ${choices.join(", ")}`);
  return value;
}

/** A bounding box under another parameter name (the map's view is `bbox`, its searched area `area`). */
export function readBBox(params: URLSearchParams, name: string): BBox | undefined {
  const values = params.getAll(name);
  if (values.length === 0) return undefined;
  const { filters, problems } = readIncidentFilters(new URLSearchParams(values.map((v) => ["bbox", v])));
  if (problems[0]) throw new BadParameter(name, problems[0].message.replace(/^bbox/, name));
  return filters.bbox;
}
