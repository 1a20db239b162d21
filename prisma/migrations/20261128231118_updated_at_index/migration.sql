-- CreateIndex
CREATE INDEX "incident_updated_at_idx" ON "incident"("updated_at");
