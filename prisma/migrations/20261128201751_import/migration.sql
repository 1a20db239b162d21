-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('STAGED', 'COMMITTED');

-- CreateTable
CREATE TABLE "import_batch" (
    "id" UUID NOT NULL DEFAULT uuidv7(),
    "owner_id" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "layout" TEXT NOT NULL,
    "ignored_columns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "row_count" INTEGER NOT NULL,
    "valid_count" INTEGER NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'STAGED',
    "imported_as" "PublicationStatus",
    "imported_count" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "committed_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_row" (
    "batch_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "input" JSONB,
    "errors" JSONB,
    "occurred_on" DATE,
    "lat" DOUBLE PRECISION,
    "lon" DOUBLE PRECISION,
    "site" TEXT,
    "duplicates" JSONB,

    CONSTRAINT "import_row_pkey" PRIMARY KEY ("batch_id","row_number")
);

-- CreateIndex
CREATE INDEX "import_batch_owner_id_created_at_idx" ON "import_batch"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "import_batch_status_created_at_idx" ON "import_batch"("status", "created_at");

-- AddForeignKey
ALTER TABLE "import_batch" ADD CONSTRAINT "import_batch_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_row" ADD CONSTRAINT "import_row_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "import_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- =============================================================================================
-- Hand-written: what imports share with the form, and what lets them load in bulk.
-- =============================================================================================

-- The duplicate rule's distance (haversine on a 6,371 km sphere), one definition for the form's
-- check (lib/data/incident-writes.ts) and the import's set-based one (lib/data/incident-import.ts).
CREATE FUNCTION "distance_km"(lat1 DOUBLE PRECISION, lon1 DOUBLE PRECISION, lat2 DOUBLE PRECISION, lon2 DOUBLE PRECISION)
RETURNS DOUBLE PRECISION
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 6371 * 2 * asin(sqrt(
        power(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))
$$;

-- Bulk loads in a live database. The row triggers below would update each incident again for
-- every claim link and source (rewriting its search index entries each time) and walk the rollups
-- once per incident. An import instead computes the same derived values set-based and adds its
-- rollup rows at once; it says so with `SET LOCAL attack_tracker.bulk_load = 'on'`, which holds
-- for its own transaction only, so every other session keeps the triggers (unlike ALTER TABLE …
-- DISABLE TRIGGER, which would also lock the tables against readers).
CREATE FUNCTION "is_bulk_load"() RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('attack_tracker.bulk_load', true), '') = 'on'
$$;

CREATE OR REPLACE FUNCTION "incident_claim_refresh_claimant"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target UUID;
    credited UUID;
    links INTEGER;
BEGIN
    IF "is_bulk_load"() THEN
        RETURN NULL;
    END IF;
    target := CASE WHEN TG_OP = 'DELETE' THEN OLD."incident_id" ELSE NEW."incident_id" END;
    credited := "incident_credited_claimant"(target);
    links := (SELECT count(*) FROM "incident_claim" WHERE "incident_id" = target);
    UPDATE "incident" SET "claimant_id" = credited, "claim_count" = links
    WHERE "id" = target AND ("claimant_id" IS DISTINCT FROM credited OR "claim_count" <> links);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION "source_refresh_incident_text"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF "is_bulk_load"() THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE "incident" SET "source_text" = "incident_source_text"(OLD."incident_id")
        WHERE "id" = OLD."incident_id" AND "source_text" <> "incident_source_text"(OLD."incident_id");
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE "incident" SET "source_text" = "incident_source_text"(NEW."incident_id")
        WHERE "id" = NEW."incident_id" AND "source_text" <> "incident_source_text"(NEW."incident_id");
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION "incident_stats_track"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF "is_bulk_load"() THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM "incident_stats_apply"(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM "incident_stats_apply"(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

-- The rollup rows of the published incidents one import created (found by its audit entries'
-- batch_id), added as new rows beside the existing ones: readers only ever sum the rollups, so a
-- key may have several rows (as with concurrent writers), and nothing else is touched.
CREATE FUNCTION "incident_stats_add_import"(p_batch UUID) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    z INTEGER;
    cell DOUBLE PRECISION;
BEGIN
    CREATE TEMP TABLE "imported_published" ON COMMIT DROP AS
    SELECT i.* FROM "audit_entry" a JOIN "incident" i ON i."id" = a."entity_id"::uuid
    WHERE a."batch_id" = p_batch AND a."action" = 'IMPORT' AND i."status" = 'PUBLISHED';

    INSERT INTO "incident_daily_stat" ("day", "claimant_id", "attack_type", "country", "site_id",
        "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims")
    SELECT "occurred_on", "claimant_id", "attack_type", "country", "site_id", count(*),
        coalesce(sum("killed_min"), 0), coalesce(sum("killed_max"), 0),
        coalesce(sum("wounded_min"), 0), coalesce(sum("wounded_max"), 0), sum("claim_count")
    FROM "imported_published" GROUP BY 1, 2, 3, 4, 5;

    INSERT INTO "incident_daily_total" ("day", "claimant_id", "attack_type",
        "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims")
    SELECT "occurred_on", "claimant_id", "attack_type", count(*),
        coalesce(sum("killed_min"), 0), coalesce(sum("killed_max"), 0),
        coalesce(sum("wounded_min"), 0), coalesce(sum("wounded_max"), 0), sum("claim_count")
    FROM "imported_published" GROUP BY 1, 2, 3;

    FOR z IN 3..12 LOOP
        cell := 360.0 / (2 ^ (z + 3));
        INSERT INTO "incident_grid_stat" ("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat")
        SELECT z, floor("lon" / cell)::INTEGER, floor("lat" / cell)::INTEGER, "occurred_on", count(*), sum("lon"), sum("lat")
        FROM "imported_published" GROUP BY 2, 3, 4;
    END LOOP;

    DROP TABLE "imported_published";
END;
$$;
