-- CreateIndex
CREATE INDEX "incident_scan_idx" ON "incident"("occurred_on", "status", "outcome", "confidence", "claim_status", "claimant_id", "attack_type", "country", "site_id", "killed_min", "killed_max", "wounded_min", "wounded_max", "lon", "lat", "claim_count");
