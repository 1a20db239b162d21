// The shapes of the ids the app accepts from outside — in a URL, a form, a cursor, a file — held to
// what the database itself accepts, so an id refused here is one PostgreSQL would refuse too, and
// nothing that passes here makes a query fail.

/** A UUID in its text form, any letter case (PostgreSQL's uuid type reads both). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A group's or a site's slug: lower-case words of letters and digits joined by single hyphens, the
 * CHECK constraints armed_group_slug_check and site_slug_check (tests/integration/ids.test.ts
 * compares the two); at most 80 characters, so a URL cannot make a long key.
 */
export const SLUG_PATTERN = /^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
export const isSlug = (value: string): boolean => SLUG_PATTERN.test(value);
