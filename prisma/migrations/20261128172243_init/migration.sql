-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('DAY', 'WEEK', 'MONTH');

-- CreateEnum
CREATE TYPE "GeoPrecision" AS ENUM ('EXACT', 'NEAR', 'DISTRICT', 'PROVINCE', 'COUNTRY');

-- CreateEnum
CREATE TYPE "AttackType" AS ENUM ('ONE_WAY_DRONE', 'ROCKET', 'MORTAR', 'BALLISTIC_MISSILE', 'IED', 'SMALL_ARMS', 'OTHER', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Outcome" AS ENUM ('IMPACT', 'INTERCEPTED', 'FAILED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('CLAIMED', 'UNCLAIMED', 'ATTRIBUTED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "Confidence" AS ENUM ('CONFIRMED', 'LIKELY', 'UNVERIFIED', 'DISPUTED');

-- CreateEnum
CREATE TYPE "PublicationStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'RETRACTED');

-- CreateEnum
CREATE TYPE "TargetType" AS ENUM ('MILITARY_BASE', 'DIPLOMATIC', 'LOGISTICS', 'AIRPORT', 'ENERGY', 'CONVOY', 'VESSEL', 'OTHER', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('CLAIM_STATEMENT', 'OFFICIAL_STATEMENT', 'MEDIA', 'OSINT', 'OTHER');

-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('CREATE', 'UPDATE', 'PUBLISH', 'RETRACT', 'DELETE', 'IMPORT');

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "reference" TEXT NOT NULL,
    "occurred_on" DATE NOT NULL,
    "occurred_time" TIME(0),
    "date_precision" "DatePrecision" NOT NULL DEFAULT 'DAY',
    "country" CHAR(2) NOT NULL,
    "admin1" TEXT,
    "location_name" TEXT NOT NULL,
    "location_name_ar" TEXT,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "geo_precision" "GeoPrecision" NOT NULL,
    "site_id" UUID,
    "target_type" "TargetType" NOT NULL,
    "attack_type" "AttackType" NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "killed_min" INTEGER,
    "killed_max" INTEGER,
    "wounded_min" INTEGER,
    "wounded_max" INTEGER,
    "claim_status" "ClaimStatus" NOT NULL,
    "attributed_to_id" UUID,
    "confidence" "Confidence" NOT NULL,
    "status" "PublicationStatus" NOT NULL DEFAULT 'DRAFT',
    "retraction_reason" TEXT,
    "notes" TEXT,
    "is_synthetic" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" TEXT,
    "updated_by_id" TEXT,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "armed_group" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_ar" TEXT,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "parent_id" UUID,
    "description" TEXT,

    CONSTRAINT "armed_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "group_id" UUID NOT NULL,
    "stated_at" TIMESTAMPTZ(0) NOT NULL,
    "channel" TEXT,
    "text" TEXT,
    "url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_claim" (
    "incident_id" UUID NOT NULL,
    "claim_id" UUID NOT NULL,

    CONSTRAINT "incident_claim_pkey" PRIMARY KEY ("incident_id","claim_id")
);

-- CreateTable
CREATE TABLE "source" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "incident_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "publisher" TEXT,
    "title" TEXT,
    "published_on" DATE,
    "kind" "SourceKind" NOT NULL,
    "language" TEXT,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "site" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_ar" TEXT,
    "country" CHAR(2) NOT NULL,
    "admin1" TEXT,
    "lat" DOUBLE PRECISION NOT NULL,
    "lon" DOUBLE PRECISION NOT NULL,
    "coordinates_approximate" BOOLEAN NOT NULL DEFAULT true,
    "type" "TargetType" NOT NULL,
    "description" TEXT,

    CONSTRAINT "site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reference_counter" (
    "country" CHAR(2) NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "reference_counter_pkey" PRIMARY KEY ("country","year")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" "AuditAction" NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "batch_id" UUID,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "incident_reference_key" ON "incident"("reference");

-- CreateIndex
CREATE INDEX "incident_occurred_on_id_idx" ON "incident"("occurred_on" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "incident_country_occurred_on_idx" ON "incident"("country", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_site_id_occurred_on_idx" ON "incident"("site_id", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_attack_type_occurred_on_idx" ON "incident"("attack_type", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_attributed_to_id_occurred_on_idx" ON "incident"("attributed_to_id", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_status_occurred_on_idx" ON "incident"("status", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_lon_lat_idx" ON "incident"("lon", "lat");

-- CreateIndex
CREATE UNIQUE INDEX "armed_group_slug_key" ON "armed_group"("slug");

-- CreateIndex
CREATE INDEX "armed_group_parent_id_idx" ON "armed_group"("parent_id");

-- CreateIndex
CREATE INDEX "claim_group_id_stated_at_idx" ON "claim"("group_id", "stated_at");

-- CreateIndex
CREATE INDEX "incident_claim_claim_id_idx" ON "incident_claim"("claim_id");

-- CreateIndex
CREATE INDEX "source_incident_id_idx" ON "source"("incident_id");

-- CreateIndex
CREATE UNIQUE INDEX "site_slug_key" ON "site"("slug");

-- CreateIndex
CREATE INDEX "audit_entry_entity_type_entity_id_at_idx" ON "audit_entry"("entity_type", "entity_id", "at");

-- CreateIndex
CREATE INDEX "audit_entry_batch_id_idx" ON "audit_entry"("batch_id");

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "site"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_attributed_to_id_fkey" FOREIGN KEY ("attributed_to_id") REFERENCES "armed_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "armed_group" ADD CONSTRAINT "armed_group_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "armed_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim" ADD CONSTRAINT "claim_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "armed_group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_claim" ADD CONSTRAINT "incident_claim_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_claim" ADD CONSTRAINT "incident_claim_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claim"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source" ADD CONSTRAINT "source_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- =============================================================================================
-- Constraints Prisma cannot express
--
-- Written by hand below the SQL that `npm run db:migration` generated from schema.prisma. Prisma's
-- differ ignores CHECK constraints, functions and triggers, so `npm run db:check` still reports
-- the migrations and schema.prisma as matching. The app validates the same rules with friendlier
-- messages; these are the last line of defence for imports, scripts and bugs.
-- =============================================================================================

-- Casualties are ranges. NULL means unknown (which is not zero), so each bound is NULL or a count,
-- and when both bounds are known the range is not upside down.
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_killed_min_check" CHECK ("killed_min" IS NULL OR "killed_min" >= 0),
    ADD CONSTRAINT "incident_killed_max_check" CHECK ("killed_max" IS NULL OR "killed_max" >= 0),
    ADD CONSTRAINT "incident_wounded_min_check" CHECK ("wounded_min" IS NULL OR "wounded_min" >= 0),
    ADD CONSTRAINT "incident_wounded_max_check" CHECK ("wounded_max" IS NULL OR "wounded_max" >= 0),
    ADD CONSTRAINT "incident_killed_range_check"
        CHECK ("killed_min" IS NULL OR "killed_max" IS NULL OR "killed_min" <= "killed_max"),
    ADD CONSTRAINT "incident_wounded_range_check"
        CHECK ("wounded_min" IS NULL OR "wounded_max" IS NULL OR "wounded_min" <= "wounded_max");

-- Coordinates on the globe (this also refuses NaN and ±Infinity, which sort above every number).
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_lat_check" CHECK ("lat" BETWEEN -90 AND 90),
    ADD CONSTRAINT "incident_lon_check" CHECK ("lon" BETWEEN -180 AND 180);
ALTER TABLE "site"
    ADD CONSTRAINT "site_lat_check" CHECK ("lat" BETWEEN -90 AND 90),
    ADD CONSTRAINT "site_lon_check" CHECK ("lon" BETWEEN -180 AND 180);

-- No incidents from the future. One day of slack: the region is UTC+3 while the server may run on
-- UTC, so "today" there can be "tomorrow" here. The app validates the exact rule in local time.
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_occurred_on_not_future_check" CHECK ("occurred_on" <= current_date + 1);

-- A retraction always says why.
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_retraction_reason_check"
        CHECK ("status" <> 'RETRACTED' OR ("retraction_reason" IS NOT NULL AND btrim("retraction_reason") <> ''));

-- Optimistic concurrency counts from 1.
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_version_check" CHECK ("version" >= 1);

-- ISO 3166-1 alpha-2 country codes, upper case.
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_country_check" CHECK ("country" ~ '^[A-Z]{2}$');
ALTER TABLE "site"
    ADD CONSTRAINT "site_country_check" CHECK ("country" ~ '^[A-Z]{2}$');

-- Reference codes such as IQ-2024-0117: country, year, sequence (4 digits or more).
ALTER TABLE "incident"
    ADD CONSTRAINT "incident_reference_format_check" CHECK ("reference" ~ '^[A-Z]{2}-[0-9]{4}-[0-9]{4,}$');

-- Links are web pages, never javascript:, data: or file: URLs that a page might render as a link.
ALTER TABLE "source"
    ADD CONSTRAINT "source_url_check" CHECK ("url" ~* '^https?://');
ALTER TABLE "claim"
    ADD CONSTRAINT "claim_url_check" CHECK ("url" IS NULL OR "url" ~* '^https?://');

-- The audit trail is append-only: rows can be inserted, never changed or removed.
CREATE FUNCTION "audit_entry_refuse_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP
        USING HINT = 'Record a correction as a new audit entry instead.';
END;
$$;

CREATE TRIGGER "audit_entry_no_update_or_delete"
    BEFORE UPDATE OR DELETE ON "audit_entry"
    FOR EACH ROW EXECUTE FUNCTION "audit_entry_refuse_change"();

-- TRUNCATE skips row triggers, so it gets a statement trigger of its own.
CREATE TRIGGER "audit_entry_no_truncate"
    BEFORE TRUNCATE ON "audit_entry"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_refuse_change"();
