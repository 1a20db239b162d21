"use client";

// A searchable multi-select: an editable combobox with a listbox popup (the WAI-ARIA Authoring
// Practices pattern). Type to narrow the list, arrow keys to move, Enter (or Space before typing)
// to pick or drop, Escape to close; chosen values sit above as tokens with their own remove
// button, and travel with the form as hidden inputs named `name`. Hand-written because the app has
// no headless UI library and this one pattern does not justify adding one.

import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";

export type PickerOption = {
  value: string;
  label: string;
  /** A second name shown beside the label, in its own language and direction (e.g. Arabic, right to left). */
  secondary?: { text: string; lang: string; dir: "ltr" | "rtl" } | null;
  /** Indentation: 0 at the top, 1 for an entry under its parent, and so on. */
  depth?: number;
  /** Other words a search matches: aliases, abbreviations, spellings. */
  keywords?: readonly string[];
  /** Where the entry sits, shown while searching (the indentation then no longer says it). */
  context?: string;
};

/** Lower case, no accents or Arabic vowel marks, no apostrophes, hyphens as spaces: "Kata'ib" is found by "kataib". */
function normalize(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’‘ʿʾ`]/g, "").replace(/[-‐–]/g, " ").replace(/\s+/g, " ");
}

export function MultiSelect({ label, name, options, defaultValue = [] }: { label: string; name: string; options: readonly PickerOption[]; defaultValue?: readonly string[] }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<readonly string[]>(defaultValue);
  const [query, setQuery] = useState("");
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(-1);

  const searchable = useMemo(
    () =>
      options.map((o) => ({
        option: o,
        text: normalize([o.label, o.secondary?.text, o.value, ...(o.keywords ?? [])].filter(Boolean).join(" ")),
        names: new Set([o.label, ...(o.keywords ?? [])].map((name) => normalize(name).trim())),
      })),
    [options],
  );
  const terms = normalize(query).trim().split(" ").filter(Boolean);
  const isExact = (s: (typeof searchable)[number]) => s.names.has(terms.join(" "));
  // Every word must appear; an entry named exactly so ("KH") comes first, the rest keep the list's order.
  const visible = terms.length === 0
    ? options
    : searchable.filter((s) => terms.every((t) => s.text.includes(t))).sort((a, b) => Number(isExact(b)) - Number(isExact(a))).map((s) => s.option);
  const optionId = (value: string) => `${id}-option-${options.findIndex((o) => o.value === value)}`;
  const activeOption = isOpen ? visible[active] : undefined;
  const labelOf = (value: string) => options.find((o) => o.value === value)?.label ?? value;

  const activeId = activeOption ? optionId(activeOption.value) : undefined;

  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  function toggle(value: string) {
    setSelected((current) => (current.includes(value) ? current.filter((v) => v !== value) : [...current, value]));
    // A fresh search for the next pick; the highlight stays on the entry just toggled.
    setQuery("");
    setActive(options.findIndex((o) => o.value === value));
  }

  function open(at = active) {
    setIsOpen(true);
    setActive(at < 0 ? 0 : at);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen) open();
        else setActive((i) => Math.min(i + 1, visible.length - 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!isOpen) open(visible.length - 1);
        else setActive((i) => Math.max(i - 1, 0));
        break;
      case "Enter":
        // Closed, Enter submits the form as in any field; open, it picks.
        if (activeOption) {
          event.preventDefault();
          toggle(activeOption.value);
        }
        break;
      case " ":
        // Space picks only before anything is typed: after that it is part of the search.
        if (activeOption && query === "") {
          event.preventDefault();
          toggle(activeOption.value);
        }
        break;
      case "Escape":
        // Handled here, so a drawer around the picker stays open.
        if (isOpen || query) {
          event.preventDefault();
          event.stopPropagation();
          if (isOpen) setIsOpen(false);
          else setQuery("");
        }
        break;
      case "Backspace":
        if (query === "" && selected.length > 0) setSelected(selected.slice(0, -1));
        break;
    }
  }

  const expanded = isOpen && visible.length > 0;
  return (
    <div
      className="relative"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) {
          setIsOpen(false);
          setQuery("");
        }
      }}
    >
      <label id={`${id}-label`} htmlFor={`${id}-input`} className="mb-1 block text-xs font-semibold text-stone-600">
        {label}
      </label>
      {selected.length > 0 && (
        <ul aria-label={`Chosen: ${label}`} className="mb-1 flex flex-wrap gap-1">
          {selected.map((value) => (
            <li key={value} className="flex items-center rounded bg-stone-200 text-xs">
              <span className="py-0.5 pl-2">{labelOf(value)}</span>
              <button
                type="button"
                aria-label={`Remove ${labelOf(value)}`}
                onClick={() => {
                  setSelected(selected.filter((v) => v !== value));
                  inputRef.current?.focus();
                }}
                className="min-h-6 min-w-6 rounded px-1 text-stone-700 hover:bg-stone-300 pointer-coarse:min-h-10 pointer-coarse:min-w-10"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={`${id}-listbox`}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        autoComplete="off"
        value={query}
        placeholder={selected.length ? "Add…" : "All — type to search"}
        onChange={(event) => {
          setQuery(event.target.value);
          open(0);
        }}
        onClick={() => (isOpen ? setIsOpen(false) : open())}
        onKeyDown={onKeyDown}
        className="block w-full rounded border border-stone-300 bg-white px-2 py-1 text-sm pointer-coarse:py-2.5"
      />
      {isOpen && visible.length === 0 && (
        <p className="absolute z-[1100] mt-1 w-full rounded border border-stone-300 bg-white p-2 text-sm text-stone-600 shadow">No match for “{query}”</p>
      )}
      {expanded && (
        <ul
          id={`${id}-listbox`}
          role="listbox"
          aria-multiselectable="true"
          aria-labelledby={`${id}-label`}
          className="absolute z-[1100] mt-1 max-h-72 w-full min-w-64 overflow-y-auto rounded border border-stone-300 bg-white py-1 text-sm shadow-lg"
        >
          {visible.map((option) => {
            const isSelected = selected.includes(option.value);
            return (
              <li
                key={option.value}
                id={optionId(option.value)}
                role="option"
                aria-selected={isSelected}
                data-value={option.value}
                data-depth={option.depth ?? 0}
                // Keeps the focus in the input, so the list stays open and the keyboard keeps working.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => toggle(option.value)}
                style={{ paddingInlineStart: `${0.5 + (terms.length ? 0 : (option.depth ?? 0)) * 1.25}rem` }}
                className={`flex cursor-pointer items-baseline gap-2 py-1.5 pr-2 pointer-coarse:py-3 ${option === activeOption ? "bg-blue-100" : "hover:bg-stone-100"}`}
              >
                <span aria-hidden="true" className="w-3 shrink-0 text-blue-800">{isSelected ? "✓" : ""}</span>
                <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">
                  <span className={(option.depth ?? 0) === 0 ? "font-medium" : undefined}>{option.label}</span>
                  {option.secondary && (
                    <bdi lang={option.secondary.lang} dir={option.secondary.dir} className="text-stone-500">
                      {option.secondary.text}
                    </bdi>
                  )}
                  {terms.length > 0 && option.context && <span className="basis-full text-xs text-stone-500">{option.context}</span>}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {selected.map((value) => (
        <input key={value} type="hidden" name={name} value={value} />
      ))}
    </div>
  );
}
