-- AlterTable
-- search_vector is a generated column (Prisma's schema language cannot say so, hence hand-written):
-- the incident's own words, in the 'simple' configuration so that Arabic and English alike are
-- matched word for word, without stemming.
ALTER TABLE "incident" ADD COLUMN     "claimant_id" UUID,
ADD COLUMN     "search_vector" tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig,
        "reference" || ' ' || "location_name" || ' ' || coalesce("location_name_ar", '') || ' ' ||
        coalesce("admin1", '') || ' ' || coalesce("notes", ''))
) STORED;

-- AlterTable
ALTER TABLE "source" ADD COLUMN     "search_vector" tsvector GENERATED ALWAYS AS (
    to_tsvector('simple'::regconfig, coalesce("title", '') || ' ' || coalesce("publisher", ''))
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

-- CreateIndex
CREATE INDEX "incident_daily_stat_day_claimant_id_attack_type_country_sit_idx" ON "incident_daily_stat"("day", "claimant_id", "attack_type", "country", "site_id", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max");

-- CreateIndex
CREATE INDEX "incident_daily_stat_claimant_id_day_attack_type_incidents_k_idx" ON "incident_daily_stat"("claimant_id", "day", "attack_type", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max");

-- CreateIndex
CREATE INDEX "incident_grid_stat_zoom_gx_gy_day_incidents_sum_lon_sum_lat_idx" ON "incident_grid_stat"("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat");

-- CreateIndex
CREATE INDEX "incident_grid_stat_zoom_day_gx_gy_incidents_sum_lon_sum_lat_idx" ON "incident_grid_stat"("zoom", "day", "gx", "gy", "incidents", "sum_lon", "sum_lat");

-- CreateIndex
CREATE INDEX "incident_claimant_id_occurred_on_idx" ON "incident"("claimant_id", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_search_vector_idx" ON "incident" USING GIN ("search_vector");

-- CreateIndex
CREATE INDEX "source_search_vector_idx" ON "source" USING GIN ("search_vector");

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_claimant_id_fkey" FOREIGN KEY ("claimant_id") REFERENCES "armed_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ============================================================================================
-- Derived data, kept current by triggers in the same transaction as every write.
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
BEGIN
    UPDATE "incident" SET "claimant_id" = credited
    WHERE "id" = target AND "claimant_id" IS DISTINCT FROM credited;
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

-- Adds (sign = 1) or removes (sign = -1) one incident's share of the rollups. Only published
-- incidents are counted: the rollups serve public views.
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
            "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max")
        VALUES (r."occurred_on", r."claimant_id", r."attack_type", r."country", r."site_id", sign,
            sign * coalesce(r."killed_min", 0), sign * coalesce(r."killed_max", 0),
            sign * coalesce(r."wounded_min", 0), sign * coalesce(r."wounded_max", 0));
    ELSE
        UPDATE "incident_daily_stat" SET
            "incidents" = "incidents" + sign,
            "killed_min" = "killed_min" + sign * coalesce(r."killed_min", 0),
            "killed_max" = "killed_max" + sign * coalesce(r."killed_max", 0),
            "wounded_min" = "wounded_min" + sign * coalesce(r."wounded_min", 0),
            "wounded_max" = "wounded_max" + sign * coalesce(r."wounded_max", 0)
        WHERE "id" = row_id;
        DELETE FROM "incident_daily_stat" WHERE "id" = row_id AND "incidents" = 0;
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
    AFTER INSERT OR DELETE OR UPDATE OF "status", "occurred_on", "claimant_id", "attack_type", "country",
        "site_id", "lat", "lon", "killed_min", "killed_max", "wounded_min", "wounded_max" ON "incident"
    FOR EACH ROW EXECUTE FUNCTION "incident_stats_track"();

-- Bulk loads (the demo seed, imports) switch the triggers off and rebuild everything at once.
CREATE FUNCTION "rebuild_incident_stats"() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM "incident_daily_stat";
    DELETE FROM "incident_grid_stat";
    INSERT INTO "incident_daily_stat" ("day", "claimant_id", "attack_type", "country", "site_id",
        "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max")
    SELECT "occurred_on", "claimant_id", "attack_type", "country", "site_id", count(*),
        coalesce(sum("killed_min"), 0), coalesce(sum("killed_max"), 0),
        coalesce(sum("wounded_min"), 0), coalesce(sum("wounded_max"), 0)
    FROM "incident" WHERE "status" = 'PUBLISHED'
    GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO "incident_grid_stat" ("zoom", "gx", "gy", "day", "incidents", "sum_lon", "sum_lat")
    SELECT z, floor("lon" / (360.0 / 2 ^ (z + 3)))::INTEGER, floor("lat" / (360.0 / 2 ^ (z + 3)))::INTEGER,
        "occurred_on", count(*), sum("lon"), sum("lat")
    FROM "incident" CROSS JOIN generate_series(3, 12) AS z
    WHERE "status" = 'PUBLISHED'
    GROUP BY 1, 2, 3, 4;
$$;
