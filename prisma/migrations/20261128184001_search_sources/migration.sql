-- Text search over an incident's sources moves onto the incident itself: its sources' titles and
-- publishers are copied into incident.source_text by a trigger, and the incident's generated
-- search_vector includes them. One GIN index then answers every text search (the separate index
-- on source made each search a large join).

-- DropIndex
DROP INDEX "source_search_vector_idx";

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "source_text" TEXT NOT NULL DEFAULT '';
-- Hand-written: a generated column's expression changes with SET EXPRESSION (Prisma reads it as a default).
ALTER TABLE "incident" ALTER COLUMN "search_vector" SET EXPRESSION AS (
    to_tsvector('simple'::regconfig,
        "reference" || ' ' || "location_name" || ' ' || coalesce("location_name_ar", '') || ' ' ||
        coalesce("admin1", '') || ' ' || coalesce("notes", '') || ' ' || "source_text")
);

-- AlterTable
ALTER TABLE "source" DROP COLUMN "search_vector";

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

-- Existing rows.
UPDATE "incident" i SET "source_text" = "incident_source_text"(i."id")
WHERE EXISTS (SELECT 1 FROM "source" s WHERE s."incident_id" = i."id");
