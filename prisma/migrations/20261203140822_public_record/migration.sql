-- CreateEnum
CREATE TYPE "ClaimStatementStatus" AS ENUM ('ISSUED', 'SUPERSEDED', 'WITHDRAWN', 'DENIED');

-- CreateEnum
CREATE TYPE "TallyRule" AS ENUM ('PENTAGON', 'WINEP', 'SOHR', 'ISW', 'OTHER');

-- CreateEnum
CREATE TYPE "CountQualifier" AS ENUM ('EXACT', 'ABOUT', 'AT_LEAST', 'MORE_THAN');

-- CreateEnum
CREATE TYPE "TimelineEventKind" AS ENUM ('ATTACK', 'US_STRIKE', 'PAUSE', 'ANNOUNCEMENT', 'OTHER');

-- AlterTable
ALTER TABLE "claim" ADD COLUMN     "status" "ClaimStatementStatus" NOT NULL DEFAULT 'ISSUED',
ADD COLUMN     "superseded_by_id" UUID,
ADD COLUMN     "target_claimed" TEXT,
ADD COLUMN     "text_ar" TEXT,
ADD COLUMN     "weapon_claimed" "AttackType";

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "confirmed_by" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "tally" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "key" TEXT NOT NULL,
    "publisher" TEXT NOT NULL,
    "as_of" DATE NOT NULL,
    "count" INTEGER NOT NULL,
    "qualifier" "CountQualifier" NOT NULL DEFAULT 'EXACT',
    "count_iraq" INTEGER,
    "count_syria" INTEGER,
    "count_jordan" INTEGER,
    "scope" TEXT NOT NULL,
    "rule" "TallyRule" NOT NULL,
    "source_url" TEXT NOT NULL,
    "source_publisher" TEXT,
    "published_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT,
    "updated_by_id" TEXT,

    CONSTRAINT "tally_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_event" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "key" TEXT NOT NULL,
    "occurred_on" DATE NOT NULL,
    "kind" "TimelineEventKind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source_urls" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source_publishers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT,
    "updated_by_id" TEXT,

    CONSTRAINT "timeline_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "public_record_row" (
    "reference" TEXT NOT NULL,
    "incident_id" UUID NOT NULL,
    "content_hash" TEXT NOT NULL,
    "loaded_version" INTEGER NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "public_record_row_pkey" PRIMARY KEY ("reference")
);

-- CreateTable
CREATE TABLE "public_record_load" (
    "id" BIGSERIAL NOT NULL,
    "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cutoff" DATE NOT NULL,
    "added" INTEGER NOT NULL,
    "changed" INTEGER NOT NULL,
    "kept" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "public_record_load_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tally_key_key" ON "tally"("key");

-- CreateIndex
CREATE INDEX "tally_as_of_idx" ON "tally"("as_of");

-- CreateIndex
CREATE UNIQUE INDEX "timeline_event_key_key" ON "timeline_event"("key");

-- CreateIndex
CREATE INDEX "timeline_event_occurred_on_idx" ON "timeline_event"("occurred_on");

-- CreateIndex
CREATE INDEX "incident_is_synthetic_status_idx" ON "incident"("is_synthetic", "status");

-- CreateIndex
CREATE UNIQUE INDEX "public_record_row_incident_id_key" ON "public_record_row"("incident_id");

-- AddForeignKey
ALTER TABLE "claim" ADD CONSTRAINT "claim_superseded_by_id_fkey" FOREIGN KEY ("superseded_by_id") REFERENCES "claim"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ============================================================================================
-- Hand-written: the claims ledger decides the credited claimant, and the rules of the new tables.
-- ============================================================================================

-- The credited claimant of an incident: the group of its earliest claim that still stands (ISSUED).
-- A superseded, withdrawn or denied statement credits nobody.
CREATE OR REPLACE FUNCTION "incident_credited_claimant"(p_incident UUID) RETURNS UUID
LANGUAGE sql STABLE AS $$
    SELECT c."group_id" FROM "incident_claim" ic JOIN "claim" c ON c."id" = ic."claim_id"
    WHERE ic."incident_id" = p_incident AND c."status" = 'ISSUED'
    ORDER BY c."stated_at", c."id"
    LIMIT 1
$$;

-- A change of status moves the credit too, like a change of group or date.
DROP TRIGGER "claim_refresh_claimants" ON "claim";
CREATE TRIGGER "claim_refresh_claimants"
    AFTER UPDATE OF "group_id", "stated_at", "status" ON "claim"
    FOR EACH ROW EXECUTE FUNCTION "claim_refresh_claimants"();

ALTER TABLE "claim"
    ADD CONSTRAINT "claim_superseded_check" CHECK ("superseded_by_id" IS NULL OR ("status" = 'SUPERSEDED' AND "superseded_by_id" <> "id"));

ALTER TABLE "tally"
    ADD CONSTRAINT "tally_count_check" CHECK ("count" >= 0 AND coalesce("count_iraq", 0) >= 0 AND coalesce("count_syria", 0) >= 0 AND coalesce("count_jordan", 0) >= 0),
    ADD CONSTRAINT "tally_source_url_check" CHECK ("source_url" ~ '^https?://'),
    ADD CONSTRAINT "tally_key_check" CHECK ("key" ~ '^[a-z0-9][a-z0-9-]{0,79}$');

-- Links readers open: http(s) only, every one of them.
ALTER TABLE "timeline_event"
    ADD CONSTRAINT "timeline_event_source_urls_check"
        CHECK (array_to_string("source_urls", ' ') = '' OR ('x ' || array_to_string("source_urls", ' x ')) ~ '^(x https?://\S+ ?)+$'),
    ADD CONSTRAINT "timeline_event_key_check" CHECK ("key" ~ '^[a-z0-9][a-z0-9-]{0,79}$');
