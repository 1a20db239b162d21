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
CREATE INDEX "incident_daily_total_day_claimant_id_attack_type_incidents__idx" ON "incident_daily_total"("day", "claimant_id", "attack_type", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims");

-- CreateIndex
CREATE INDEX "incident_daily_total_claimant_id_day_attack_type_incidents__idx" ON "incident_daily_total"("claimant_id", "day", "attack_type", "incidents", "killed_min", "killed_max", "wounded_min", "wounded_max", "claims");

-- ============================================================================================
-- The compact rollup joins the others: same triggers, same rebuild.
-- ============================================================================================

CREATE OR REPLACE FUNCTION "incident_stats_apply"(r "incident", sign INTEGER) RETURNS void
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

CREATE OR REPLACE FUNCTION "rebuild_incident_stats"() RETURNS void
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
    -- The compact rollup is the fine one with country and site summed away.
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

SELECT "rebuild_incident_stats"();
