// What an exported file is called and what it says about itself, so that two downloads can be told
// apart and a figure can cite the exact set: the filter in words and the data version.
//
// No server-only: pure functions.

import { FILTER_KEYS, type IncidentFilters, toSearchParams } from "@/lib/filters";

export const EXPORT_FORMATS = ["csv", "geojson", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_PROFILES = ["standard", "acled"] as const;
export type ExportProfile = (typeof EXPORT_PROFILES)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  geojson: "application/geo+json",
  json: "application/json",
};

const MAX_SUMMARY = 120;

/** `2026-11-28T18:30:12.345Z` → `v20261128T183012Z`; an empty database has version `none`. */
export function versionTag(dataVersion: string | null): string {
  if (!dataVersion) return "vnone";
  return `v${dataVersion.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "")}`;
}

/** ASCII letters and digits only; text with none (e.g. Arabic) is named by its hash instead. */
const token = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "") || hash(s);

/** The filter in file-name-safe words: `2024-01-01_2024-03-31_claimant-kataib-hezbollah`. */
export function filterSummary(filters: IncidentFilters): string {
  const parts: string[] = [];
  if (filters.from || filters.to) parts.push(filters.from ?? "start", filters.to ?? "latest");
  for (const key of FILTER_KEYS) {
    if (key === "from" || key === "to") continue;
    const value = filters[key];
    if (value === undefined) continue;
    if (key === "bbox") parts.push("area");
    else if (Array.isArray(value)) parts.push(`${key.toLowerCase()}-${value.map((v) => token(String(v))).join("+")}`);
    else parts.push(`${key.toLowerCase()}-${token(String(value))}`);
  }
  const summary = parts.join("_") || "all";
  if (summary.length <= MAX_SUMMARY) return summary;
  // Too long to read anyway: keep the start and add a hash of the whole filter so names stay distinct.
  return `${summary.slice(0, MAX_SUMMARY - 14)}-etc-${hash(toSearchParams(filters).toString())}`;
}

export function exportFileName(args: { filters: IncidentFilters; dataVersion: string | null; format: ExportFormat; profile: ExportProfile }): string {
  const profile = args.profile === "acled" ? "_acled" : "";
  return `attack-tracker_${filterSummary(args.filters)}${profile}_${versionTag(args.dataVersion)}.${args.format}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: enough to tell two long filters apart in a file name. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** What the JSON and GeoJSON documents say about themselves before their records. */
export type ExportMetadata = {
  filter: string;
  dataVersion: string | null;
  profile: ExportProfile;
  dictionary: string;
  note: string;
};

export function exportMetadata(filters: IncidentFilters, dataVersion: string | null, profile: ExportProfile): ExportMetadata {
  return {
    filter: toSearchParams(filters).toString(),
    dataVersion,
    profile,
    dictionary: "/docs/data",
    note: "Published incidents matching the filter. Unknown casualty counts are null, not zero. Rows with is_synthetic true are invented demo data.",
  };
}

/**
 * JSON and GeoJSON are one document whose records PostgreSQL streams in between a head and a tail
 * written here: `{"metadata":…,"incidents":[` … `]}`. Each record line arrives already separated by
 * a comma from the one before it.
 */
export function documentHead(format: "geojson" | "json", metadata: ExportMetadata): string {
  const meta = JSON.stringify(metadata);
  return format === "geojson" ? `{"type":"FeatureCollection","metadata":${meta},"features":[\n` : `{"metadata":${meta},"incidents":[\n`;
}

export const DOCUMENT_TAIL = "]}\n";
