"use client";

import { useId, useState } from "react";

export type PickerGroup = { slug: string; name: string; nameAr: string | null; aliases: string[] };

/**
 * A searchable group picker: the browser's own suggestion list (a datalist, keyboard-accessible),
 * matched on names, aliases and Arabic names. What is typed is shown, with the group it resolves
 * to as the editor types ("KH → Kata'ib Hezbollah"); the slug is what the form sends, so text that
 * resolves to no group, or to several, sends nothing usable and the server says so.
 */
export function GroupPicker({ name, id, groups, initialSlug, invalid }: { name: string; id: string; groups: PickerGroup[]; initialSlug: string; invalid?: boolean }) {
  const listId = useId();
  const nameOf = (slug: string) => groups.find((g) => g.slug === slug)?.name ?? "";
  const [text, setText] = useState(() => nameOf(initialSlug));
  const match = matchGroup(text, groups);
  const slug = match.kind === "resolved" ? match.group.slug : null;
  return (
    <>
      <input
        id={id} list={listId} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off"
        placeholder="Type a name, alias or Arabic name" aria-invalid={invalid || (text !== "" && !slug) ? true : undefined}
        className="mt-1 w-full rounded border border-stone-400 bg-white px-2 py-1.5" data-testid={`group-picker-${name}`}
      />
      <input type="hidden" name={name} value={slug ?? (text === "" ? "" : "?")} />
      <p role="status" className="mt-1 text-sm empty:hidden" data-testid={`group-match-${name}`}>
        {match.kind === "resolved" && normalized(text) !== normalized(match.group.name) && (
          <span className="text-green-900">{text.trim()} → {match.group.name}</span>
        )}
        {match.kind === "ambiguous" && (
          <span className="text-amber-800">
            “{text.trim()}” could be {match.candidates.slice(0, 4).map((g) => g.name).join(", ")}{match.candidates.length > 4 ? " or others" : ""}: type more or choose from the suggestions.
          </span>
        )}
        {match.kind === "unknown" && <span className="text-amber-800">No group matches “{text.trim()}”; choose one from the suggestions.</span>}
      </p>
      <datalist id={listId}>
        {groups.map((g) => <option key={g.slug} value={g.name} label={[g.nameAr, ...g.aliases].filter(Boolean).join(" · ")} />)}
      </datalist>
    </>
  );
}

export type GroupMatch =
  | { kind: "empty" }
  | { kind: "resolved"; group: PickerGroup }
  | { kind: "ambiguous"; candidates: PickerGroup[] }
  | { kind: "unknown" };

/** Case, accents, apostrophes and spacing ignored: "kataib" finds "Kata'ib". */
function normalized(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").replace(/['’‘`ʿʾ]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
}

const namesOf = (g: PickerGroup) => [g.name, g.nameAr ?? "", ...g.aliases].map(normalized).filter(Boolean);

/**
 * The group the text names: one whose name, Arabic name or alias it is exactly ("KH"); failing
 * that, the only group with a name or alias that has a word starting with it ("Nujaba" in
 * "al-Nujaba"). Several such groups are ambiguous: the editor types more or picks a suggestion.
 */
export function matchGroup(text: string, groups: PickerGroup[]): GroupMatch {
  const wanted = normalized(text);
  if (!wanted) return { kind: "empty" };
  const exact = groups.filter((g) => namesOf(g).includes(wanted));
  const wordStart = new RegExp(`(^|[\\s-])${wanted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u");
  const candidates = exact.length ? exact : groups.filter((g) => namesOf(g).some((n) => wordStart.test(n)));
  if (candidates.length === 1) return { kind: "resolved", group: candidates[0]! };
  return candidates.length ? { kind: "ambiguous", candidates } : { kind: "unknown" };
}
