-- Arabic spelling varies in ways a reader does not see as different words: hamza or not on an
-- alef, a final yaa written without dots, taa marbuta written as haa, short vowels, the tatweel
-- that stretches a word. normalize_search_text() folds those variants to one spelling, and the text
-- search applies it to both sides, so they can never disagree: the stored document (the generated
-- column search_vector below) and every search term (websearch_to_tsquery in
-- lib/data/incident-filter-sql.ts, which also applies it to group names).
--
--   removed      tashkeel and other Arabic marks U+064B–U+065F, superscript alef U+0670, tatweel U+0640
--   أ إ آ ٱ → ا   alef with hamza above or below, with madda, alef wasla (U+0623 U+0625 U+0622 U+0671 → U+0627)
--   ى → ي         alef maqsura (U+0649 → U+064A)
--   ة → ه         taa marbuta (U+0629 → U+0647)
--   ؤ → و, ئ → ي  hamza on waw and on yaa (U+0624 → U+0648, U+0626 → U+064A)
--   ی → ي, ک → ك  the Persian keyboard's yeh and keheh (U+06CC → U+064A, U+06A9 → U+0643)
--   ٠…٩, ۰…۹ → 0…9   Arabic-Indic and Persian digits (U+0660–U+0669, U+06F0–U+06F9)
--
-- Nothing else changes: Latin text goes through as it is (to_tsvector lower-cases it, as before).
-- The marks are removed first, so a letter written decomposed (alef + combining hamza U+0654) folds
-- like the composed one. IMMUTABLE, as a generated column requires: the result depends on the text alone.
CREATE FUNCTION "normalize_search_text"(p_text TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN translate(
    regexp_replace(p_text, '[\u064B-\u065F\u0670\u0640]', '', 'g'),
    U&'\0623\0625\0622\0671\0649\0629\0624\0626\06CC\06A9\0660\0661\0662\0663\0664\0665\0666\0667\0668\0669\06F0\06F1\06F2\06F3\06F4\06F5\06F6\06F7\06F8\06F9',
    U&'\0627\0627\0627\0627\064A\0647\0648\064A\064A\064301234567890123456789');

-- The same document as before (see the dashboard migration), normalised. Rewrites the table and
-- rebuilds incident_search_vector_idx.
ALTER TABLE "incident" ALTER COLUMN "search_vector" SET EXPRESSION AS (
    to_tsvector('simple'::regconfig, normalize_search_text(
        "reference" || ' ' || "location_name" || ' ' || coalesce("location_name_ar", '') || ' ' ||
        coalesce("admin1", '') || ' ' || coalesce("notes", '') || ' ' || "source_text"))
);

-- The rewrite drops the table's statistics; without them the planner guesses how common a search
-- term is and reads the search index where walking the date index would stop after one page.
ANALYZE "incident";
