// The incident columns derived from its claims and sources (by row triggers, or set-based by a
// bulk load in their place), checked against the database's own functions for one incident.

/** SQL answering `n`: how many incidents hold a derived value their claims and sources do not give. */
export const COUNT_STALE_DERIVED_COLUMNS = `
  SELECT count(*)::int AS n FROM incident i
  WHERE claimant_id IS DISTINCT FROM incident_credited_claimant(id)
     OR claim_count <> (SELECT count(*) FROM incident_claim ic WHERE ic.incident_id = i.id)
     OR source_text <> incident_source_text(id)
     OR source_urls IS DISTINCT FROM incident_source_urls(id)
     OR source_publishers IS DISTINCT FROM incident_source_publishers(id)`;
