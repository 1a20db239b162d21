import Link from "next/link";

/** A target site's name (or the text given), linking to its page (/sites/<slug>): the base and the attacks on it. */
export function SiteLink({ site, children, className = "text-blue-800 underline" }: { site: { slug: string; name: string }; children?: React.ReactNode; className?: string }) {
  return (
    <Link href={siteHref(site.slug)} className={className}>
      {children ?? site.name}
    </Link>
  );
}

export const siteHref = (slug: string) => `/sites/${encodeURIComponent(slug)}`;
