import Link from "next/link";

/** A group's name, linking to its page (/groups/<slug>): what it claimed, its façades, its statements. */
export function GroupLink({ group, className = "text-blue-800 underline" }: { group: { slug: string; name: string }; className?: string }) {
  return (
    <Link href={groupHref(group.slug)} className={className}>
      {group.name}
    </Link>
  );
}

export const groupHref = (slug: string) => `/groups/${encodeURIComponent(slug)}`;
