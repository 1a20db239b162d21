-- AlterTable
-- search_vector is a generated column (Prisma's schema language cannot say so, hence hand-written):
-- the incident's own words and its sources' titles and publishers (source_text, copied by a
-- trigger below), in the 'simple' configuration so that Arabic and English alike are matched word
-- for word, without stemming.
ALTER TABLE "incident" ADD COLUMN     "claim_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimant_id" UUID,
ADD COLUMN     "source_text" TEXT NOT NULL DEFAULT '';
ALTER TABLE "incident" ADD COLUMN     "search_vector" tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig,
        "reference" || ' ' || "location_name" || ' ' || coalesce("location_name_ar", '') || ' ' ||
        coalesce("admin1", '') || ' ' || coalesce("notes", '') || ' ' || "source_text")
) STORED;

-- CreateTable
CREATE TABLE "incident_daily_stat" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "claimant_id" UUID,
    "attack_type" "AttackType" NOT NULL,
    "country" CHAR(2) NOT NULL,
    "site_id" UUID,
    "incidents" INTEGER NOT NULL,
    "killed_min" INTEGER NOT NULL,
    "killed_max" INTEGER NOT NULL,
    "wounded_min" INTEGER NOT NULL,
    "wounded_max" INTEGER NOT NULL,
    "claims" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "incident_daily_stat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_grid_stat" (
    "id" BIGSERIAL NOT NULL,
    "zoom" INTEGER NOT NULL,
    "gx" INTEGER NOT NULL,
    "gy" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "incidents" INTEGER NOT NULL,
    "sum_lon" DOUBLE PRECISION NOT NULL,
    "sum_lat" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "incident_grid_stat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_daily_total" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "claimant_id" UUID,
    "attack_type" "AttackType" NOT NULL,
    "incidents" INTEGER NOT NULL,
    "killed_min" INTEGER NOT NULL,
    "killed_max" INTEGER NOT NULL,
    "wounded_min" INTEGER NOT NULL,
    "wounded_max" INTEGER NOT NULL,
    "claims" INTEGER NOT NULL,

    CONSTRAINT "incident_daily_total_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_daily_stat_day_claimant_id_attack_type_country_sit_idx" ON "incident_daily_stat"("day", "claimant_id", "attack_type", "country", "site_id", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims");

-- CreateIndex
CREATE INDEX "incident_daily_stat_claimant_id_day_attack_type_incidents_k_idx" ON "incident_daily_stat"("claimant_id", "day", "attack_type", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims");

-- CreateIndex
CREATE INDEX "incident_grid_stat_zoom_gx_gy_day_incidents_sum_lon_sum_lat_idx" ON "incident_grid_stat"("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat");

-- CreateIndex
CREATE INDEX "incident_grid_stat_zoom_day_gx_gy_incidents_sum_lon_sum_lat_idx" ON "incident_grid_stat"("zoom", "day", "gx", "gy", "incidents", "sum_lon", "sum_lat");

-- CreateIndex
CREATE INDEX "incident_daily_total_day_claimant_id_attack_type_incidents__idx" ON "incident_daily_total"("day", "claimant_id", "attack_type", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims");

-- CreateIndex
CREATE INDEX "incident_daily_total_claimant_id_day_attack_type_incidents__idx" ON "incident_daily_total"("claimant_id", "day", "attack_type", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims");

-- CreateIndex
CREATE INDEX "incident_claimant_id_occurred_on_idx" ON "incident"("claimant_id", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_search_vector_idx" ON "incident" USING GIN ("search_vector");

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_claimant_id_fkey" FOREIGN KEY ("claimant_id") REFERENCES "armed_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ============================================================================================
-- Derived data, kept current by triggers in the same transaction as every write:
--   incident.claimant_id / claim_count   from its claims
--   incident.source_text                 from its sources
--   incident_daily_stat, incident_daily_total, incident_grid_stat   from published incidents
-- ============================================================================================

-- The credited claimant of an incident: the group of its earliest claim.
CREATE FUNCTION "incident_credited_claimant"(p_incident UUID) RETURNS UUID
LANGUAGE sql STABLE AS $$
    SELECT c."group_id" FROM "incident_claim" ic JOIN "claim" c ON c."id" = ic."claim_id"
    WHERE ic."incident_id" = p_incident
    ORDER BY c."stated_at", c."id"
    LIMIT 1
$$;

CREATE FUNCTION "incident_claim_refresh_claimant"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    target UUID := CASE WHEN TG_OP = 'DELETE' THEN OLD."incident_id" ELSE NEW."incident_id" END;
    credited UUID := "incident_credited_claimant"(target);
    links INTEGER := (SELECT count(*) FROM "incident_claim" WHERE "incident_id" = target);
BEGIN
    UPDATE "incident" SET "claimant_id" = credited, "claim_count" = links
    WHERE "id" = target AND ("claimant_id" IS DISTINCT FROM credited OR "claim_count" <> links);
    RETURN NULL;
END;
$$;

CREATE TRIGGER "incident_claim_refresh_claimant"
    AFTER INSERT OR DELETE ON "incident_claim"
    FOR EACH ROW EXECUTE FUNCTION "incident_claim_refresh_claimant"();

-- A claim re-dated or re-assigned to another group can change the credited claimant of every
-- incident it claims.
CREATE FUNCTION "claim_refresh_claimants"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "incident" i SET "claimant_id" = "incident_credited_claimant"(i."id")
    WHERE i."id" IN (SELECT "incident_id" FROM "incident_claim" WHERE "claim_id" = NEW."id")
      AND i."claimant_id" IS DISTINCT FROM "incident_credited_claimant"(i."id");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "claim_refresh_claimants"
    AFTER UPDATE OF "group_id", "stated_at" ON "claim"
    FOR EACH ROW EXECUTE FUNCTION "claim_refresh_claimants"();

-- The words of an incident's sources, in a stable order (by source id).
CREATE FUNCTION "incident_source_text"(p_incident UUID) RETURNS TEXT
LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(coalesce("title", '') || ' ' || coalesce("publisher", ''), ' ' ORDER BY "id"), '')
    FROM "source" WHERE "incident_id" = p_incident
$$;

CREATE FUNCTION "source_refresh_incident_text"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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

CREATE TRIGGER "source_refresh_incident_text"
    AFTER INSERT OR DELETE OR UPDATE OF "title", "publisher", "incident_id" ON "source"
    FOR EACH ROW EXECUTE FUNCTION "source_refresh_incident_text"();

-- Adds (sign = 1) or removes (sign = -1) one incident's share of the rollups. Only published
-- incidents are counted: the rollups serve public views. Rows are looked up, not merged by a unique
-- key: two concurrent writers may add two rows for one key, and only sums are ever read.
CREATE FUNCTION "incident_stats_apply"(r "incident", sign INTEGER) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    z INTEGER;
    cell DOUBLE PRECISION;
    row_id BIGINT;
BEGIN
    IF r."status" <> 'PUBLISHED' THEN
        RETURN;
    END IF;

    SELECT "id" INTO row_id FROM "incident_daily_stat"
    WHERE "day" = r."occurred_on" AND "claimant_id" IS NOT DISTINCT FROM r."claimant_id"
      AND "attack_type" = r."attack_type" AND "country" = r."country"
      AND "site_id" IS NOT DISTINCT FROM r."site_id"
    LIMIT 1;
    IF row_id IS NULL THEN
        INSERT INTO "incident_daily_stat" ("day", "claimant_id", "attack_type", "country", "site_id",
            "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims")
        VALUES (r."occurred_on", r."claimant_id", r."attack_type", r."country", r."site_id", sign,
            sign * coalesce(r."killed_min", 0), sign * coalesce(r."killed_max", 0),
            sign * coalesce(r."wounded_min", 0), sign * coalesce(r."wounded_max", 0), sign * r."claim_count");
    ELSE
        UPDATE "incident_daily_stat" SET
            "incidents" = "incidents" + sign,
            "killed_min" = "killed_min" + sign * coalesce(r."killed_min", 0),
            "killed_max" = "killed_max" + sign * coalesce(r."killed_max", 0),
            "wounded_min" = "wounded_min" + sign * coalesce(r."wounded_min", 0),
            "wounded_max" = "wounded_max" + sign * coalesce(r."wounded_max", 0),
            "claims" = "claims" + sign * r."claim_count"
        WHERE "id" = row_id;
        DELETE FROM "incident_daily_stat" WHERE "id" = row_id AND "incidents" = 0;
    END IF;

    row_id := NULL;
    SELECT "id" INTO row_id FROM "incident_daily_total"
    WHERE "day" = r."occurred_on" AND "claimant_id" IS NOT DISTINCT FROM r."claimant_id"
      AND "attack_type" = r."attack_type"
    LIMIT 1;
    IF row_id IS NULL THEN
        INSERT INTO "incident_daily_total" ("day", "claimant_id", "attack_type",
            "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims")
        VALUES (r."occurred_on", r."claimant_id", r."attack_type", sign,
            sign * coalesce(r."killed_min", 0), sign * coalesce(r."killed_max", 0),
            sign * coalesce(r."wounded_min", 0), sign * coalesce(r."wounded_max", 0), sign * r."claim_count");
    ELSE
        UPDATE "incident_daily_total" SET
            "incidents" = "incidents" + sign,
            "killed_min" = "killed_min" + sign * coalesce(r."killed_min", 0),
            "killed_max" = "killed_max" + sign * coalesce(r."killed_max", 0),
            "wounded_min" = "wounded_min" + sign * coalesce(r."wounded_min", 0),
            "wounded_max" = "wounded_max" + sign * coalesce(r."wounded_max", 0),
            "claims" = "claims" + sign * r."claim_count"
        WHERE "id" = row_id;
        DELETE FROM "incident_daily_total" WHERE "id" = row_id AND "incidents" = 0;
    END IF;

    FOR z IN 3..12 LOOP
        cell := 360.0 / (2 ^ (z + 3));
        row_id := NULL;
        SELECT "id" INTO row_id FROM "incident_grid_stat"
        WHERE "zoom" = z AND "gx" = floor(r."lon" / cell)::INTEGER AND "gy" = floor(r."lat" / cell)::INTEGER
          AND "day" = r."occurred_on"
        LIMIT 1;
        IF row_id IS NULL THEN
            INSERT INTO "incident_grid_stat" ("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat")
            VALUES (z, floor(r."lon" / cell)::INTEGER, floor(r."lat" / cell)::INTEGER, r."occurred_on",
                sign, sign * r."lon", sign * r."lat");
        ELSE
            UPDATE "incident_grid_stat" SET
                "incidents" = "incidents" + sign,
                "sum_lon" = "sum_lon" + sign * r."lon",
                "sum_lat" = "sum_lat" + sign * r."lat"
            WHERE "id" = row_id;
            DELETE FROM "incident_grid_stat" WHERE "id" = row_id AND "incidents" = 0;
        END IF;
    END LOOP;
END;
$$;

CREATE FUNCTION "incident_stats_track"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM "incident_stats_apply"(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM "incident_stats_apply"(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "incident_stats_track"
    AFTER INSERT OR DELETE OR UPDATE OF "status", "occurred_on", "claimant_id", "claim_count", "attack_type", "country",
        "site_id", "lat", "lon", "killed_min", "killed_max", "wounded_min", "wounded_max" ON "incident"
    FOR EACH ROW EXECUTE FUNCTION "incident_stats_track"();

-- Bulk loads (the demo seed, imports) switch the triggers off and rebuild everything at once.
CREATE FUNCTION "rebuild_incident_stats"() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    z INTEGER;
BEGIN
    DELETE FROM "incident_daily_stat";
    DELETE FROM "incident_daily_total";
    DELETE FROM "incident_grid_stat";
    INSERT INTO "incident_daily_stat" ("day", "claimant_id", "attack_type", "country", "site_id",
        "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims")
    SELECT "occurred_on", "claimant_id", "attack_type", "country", "site_id", count(*),
        coalesce(sum("killed_min"), 0), coalesce(sum("killed_max"), 0),
        coalesce(sum("wounded_min"), 0), coalesce(sum("wounded_max"), 0), sum("claim_count")
    FROM "incident" WHERE "status" = 'PUBLISHED'
    GROUP BY 1, 2, 3, 4, 5;
    -- The compact rollup is the one above with country and site summed away.
    INSERT INTO "incident_daily_total" ("day", "claimant_id", "attack_type",
        "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims")
    SELECT "day", "claimant_id", "attack_type", sum("incidents"), sum("killed_min"), sum("killed_max"),
        sum("wounded_min"), sum("wounded_max"), sum("claims")
    FROM "incident_daily_stat"
    GROUP BY 1, 2, 3;
    -- The finest grid from the incidents, then each coarser level from the one below it: a cell
    -- at zoom z is exactly 2 × 2 cells at z + 1, so floor(gx / 2) is its column.
    INSERT INTO "incident_grid_stat" ("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat")
    SELECT 12, floor("lon" / (360.0 / 2 ^ 15))::INTEGER, floor("lat" / (360.0 / 2 ^ 15))::INTEGER,
        "occurred_on", count(*), sum("lon"), sum("lat")
    FROM "incident" WHERE "status" = 'PUBLISHED'
    GROUP BY 2, 3, 4;
    FOR z IN REVERSE 11..3 LOOP
        INSERT INTO "incident_grid_stat" ("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat")
        SELECT z, floor("gx" / 2.0)::INTEGER, floor("gy" / 2.0)::INTEGER, "day", sum("incidents"), sum("sum_lon"), sum("sum_lat")
        FROM "incident_grid_stat" WHERE "zoom" = z + 1
        GROUP BY 2, 3, 4;
    END LOOP;
END;
$$;
