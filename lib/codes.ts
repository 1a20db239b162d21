// The code lists the database stores, each read from the schema's enums (Prisma's generated
// enums), so a value added to an enum in prisma/schema.prisma reaches the filters, the forms and
// the import without a second list to edit. Order is the schema's, which is the order shown.
//
// No server-only here: the filter bar and the forms use these in the browser.

import {
  AttackType,
  ClaimStatementStatus,
  ClaimStatus,
  Confidence,
  CountQualifier,
  DatePrecision,
  GeoPrecision,
  Outcome,
  SourceKind,
  TallyRule,
  TargetType,
  TimelineEventKind,
} from "@/lib/generated/prisma/enums";

/** An enum's values as a non-empty tuple: what zod's `z.enum` and `includes` checks take. */
const codes = <T extends string>(values: Record<string, T>) => Object.values(values) as [T, ...T[]];

export const ATTACK_TYPES = codes(AttackType);
export const OUTCOMES = codes(Outcome);
export const CONFIDENCES = codes(Confidence);
export const CLAIM_STATUSES = codes(ClaimStatus);
/** Where a claim statement stands: issued (it stands), superseded, withdrawn, denied. */
export const CLAIM_STATEMENT_STATUSES = codes(ClaimStatementStatus);
export const DATE_PRECISIONS = codes(DatePrecision);
export const GEO_PRECISIONS = codes(GeoPrecision);
export const TARGET_TYPES = codes(TargetType);
export const SOURCE_KINDS = codes(SourceKind);
export const TALLY_RULES = codes(TallyRule);
export const COUNT_QUALIFIERS = codes(CountQualifier);
export const TIMELINE_EVENT_KINDS = codes(TimelineEventKind);

export type { AttackType, ClaimStatementStatus, ClaimStatus, Confidence, CountQualifier, DatePrecision, GeoPrecision, Outcome, SourceKind, TallyRule, TargetType, TimelineEventKind };
