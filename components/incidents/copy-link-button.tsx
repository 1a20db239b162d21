"use client";

// Copies the incident's permalink. The Clipboard API needs a secure context (https or localhost);
// elsewhere (e.g. the network address `npm start` prints) a selected hidden field and the
// browser's copy command do it, and if even that is refused the address is shown selected for the
// reader to copy. The outcome is announced to screen readers.

import { useRef, useState } from "react";

type Outcome = "idle" | "copied" | "manual";

export function CopyLinkButton({ path }: { path: string }) {
  const [outcome, setOutcome] = useState<Outcome>("idle");
  const manualField = useRef<HTMLInputElement>(null);
  const url = () => new URL(path, window.location.origin).toString();

  async function copy() {
    const text = url();
    try {
      await navigator.clipboard.writeText(text);
      setOutcome("copied");
      return;
    } catch {
      // Not allowed here: fall back to the copy command below.
    }
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.opacity = "0";
    document.body.append(field);
    field.select();
    const copied = document.execCommand("copy");
    field.remove();
    setOutcome(copied ? "copied" : "manual");
    if (!copied) requestAnimationFrame(() => manualField.current?.select());
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => void copy()}
        className="rounded border border-stone-400 bg-white px-2 py-0.5 text-sm hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-blue-700"
        data-testid="copy-link"
      >
        Copy link
      </button>
      {outcome === "manual" && (
        <input ref={manualField} readOnly value={url()} aria-label="Permalink to copy" className="w-72 rounded border border-stone-300 px-1 text-sm" onFocus={(e) => e.currentTarget.select()} />
      )}
      <span role="status" aria-live="polite" className="text-sm text-green-800" data-testid="copy-link-status">
        {outcome === "copied" ? "Link copied" : outcome === "manual" ? "Copying is blocked here: press Ctrl+C (⌘C) to copy the selected address" : ""}
      </span>
    </span>
  );
}
