-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "source_publishers" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "source_urls" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- =============================================================================================
-- Hand-written, for the export: slugs that need no formula guard, and the source lists derived
-- like source_text (dashboard migration) by the same trigger, so that an export reads them off the
-- incident row instead of looking up every incident's sources.
-- =============================================================================================

-- Slugs are lower-case words and digits joined by hyphens (as every reference slug is). So a slug
-- never starts with a character a spreadsheet would run as a formula, and the CSV export writes
-- slugs without the formula guard, like reference codes, country codes and http(s) URLs.
ALTER TABLE "site"
    ADD CONSTRAINT "site_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
ALTER TABLE "armed_group"
    ADD CONSTRAINT "armed_group_slug_check" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$');

-- Source URLs, oldest first; undated sources last, then in id (creation) order.
CREATE FUNCTION "incident_source_urls"(p_incident UUID) RETURNS TEXT[]
LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT "url" FROM "source" WHERE "incident_id" = p_incident ORDER BY "published_on" NULLS LAST, "id")
$$;

-- Publishers (the URL where none is recorded), each once, in order of their first publication.
-- Ties go by code point (COLLATE "C"), whatever the server's locale, so that the seed can compute
-- the same list in JavaScript.
CREATE FUNCTION "incident_source_publishers"(p_incident UUID) RETURNS TEXT[]
LANGUAGE sql STABLE AS $$
    SELECT ARRAY(SELECT p FROM (SELECT coalesce("publisher", "url") AS p, min("published_on") AS first_on
                                FROM "source" WHERE "incident_id" = p_incident GROUP BY 1) x
                 ORDER BY first_on NULLS LAST, p COLLATE "C")
$$;

-- Every column derived from an incident's sources, written only when one of them changes.
CREATE FUNCTION "incident_refresh_source_columns"(p_incident UUID) RETURNS void
LANGUAGE sql AS $$
    UPDATE "incident" i SET "source_text" = d.text, "source_urls" = d.urls, "source_publishers" = d.publishers
    FROM (SELECT "incident_source_text"(p_incident) AS text, "incident_source_urls"(p_incident) AS urls,
                 "incident_source_publishers"(p_incident) AS publishers) d
    WHERE i."id" = p_incident
      AND (i."source_text", i."source_urls", i."source_publishers") IS DISTINCT FROM (d.text, d.urls, d.publishers)
$$;

-- Replaces source_refresh_incident_text, which kept only source_text, and now also fires when a
-- source's URL or date changes (the lists' content and order). Bulk loads still bypass it.
DROP TRIGGER "source_refresh_incident_text" ON "source";
DROP FUNCTION "source_refresh_incident_text"();

CREATE FUNCTION "source_refresh_incident_columns"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF "is_bulk_load"() THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM "incident_refresh_source_columns"(OLD."incident_id");
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."incident_id" <> OLD."incident_id") THEN
        PERFORM "incident_refresh_source_columns"(NEW."incident_id");
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "source_refresh_incident_columns"
    AFTER INSERT OR DELETE OR UPDATE OF "url", "publisher", "title", "published_on", "incident_id" ON "source"
    FOR EACH ROW EXECUTE FUNCTION "source_refresh_incident_columns"();

-- The lists of the incidents already stored, set-based (the same orders as the functions above).
UPDATE "incident" i SET "source_urls" = u.urls, "source_publishers" = pub.publishers
FROM (SELECT "incident_id", array_agg("url" ORDER BY "published_on" NULLS LAST, "id") AS urls
      FROM "source" GROUP BY 1) u
JOIN (SELECT "incident_id", array_agg(p ORDER BY first_on NULLS LAST, p COLLATE "C") AS publishers
      FROM (SELECT "incident_id", coalesce("publisher", "url") AS p, min("published_on") AS first_on FROM "source" GROUP BY 1, 2) x
      GROUP BY 1) pub ON pub."incident_id" = u."incident_id"
WHERE i."id" = u."incident_id";
