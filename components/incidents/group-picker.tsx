"use client";

import { useId, useState } from "react";

export type PickerGroup = { slug: string; name: string; nameAr: string | null; aliases: string[] };

/**
 * A searchable group picker: the browser's own suggestion list (a datalist, keyboard-accessible),
 * matched on names, aliases and Arabic names. What is typed is shown; the slug it resolves to is
 * what the form sends, so an unmatched name sends nothing and the server says so.
 */
export function GroupPicker({ name, id, groups, initialSlug, invalid }: { name: string; id: string; groups: PickerGroup[]; initialSlug: string; invalid?: boolean }) {
  const listId = useId();
  const nameOf = (slug: string) => groups.find((g) => g.slug === slug)?.name ?? "";
  const [text, setText] = useState(() => nameOf(initialSlug));
  const slug = resolveGroup(text, groups);
  return (
    <>
      <input
        id={id} list={listId} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off"
        placeholder="Type a name, alias or Arabic name" aria-invalid={invalid || (text !== "" && !slug) ? true : undefined}
        className="mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1.5" data-testid={`group-picker-${name}`}
      />
      <input type="hidden" name={name} value={slug ?? (text === "" ? "" : "?")} />
      {text !== "" && !slug && <p className="mt-1 text-sm text-amber-800">No group matches “{text}”; choose one from the suggestions.</p>}
      <datalist id={listId}>
        {groups.map((g) => <option key={g.slug} value={g.name} label={[g.nameAr, ...g.aliases].filter(Boolean).join(" · ")} />)}
      </datalist>
    </>
  );
}

/** The group whose name, Arabic name or alias is exactly the text (ignoring case and spacing). */
export function resolveGroup(text: string, groups: PickerGroup[]): string | null {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return null;
  const match = groups.find((g) => [g.name, g.nameAr ?? "", ...g.aliases].some((n) => n.trim().toLowerCase() === wanted));
  return match?.slug ?? null;
}
