"use client";

import { useRef, useState } from "react";
import { createTimelineEventAction, updateTimelineEventAction } from "@/lib/actions/tallies";
import type { TimelineEventRecord } from "@/lib/data/timeline-events";
import { CreateTimelineEventSchema, MAX_EVENT_SOURCES, TIMELINE_EVENT_KIND_LABELS, UpdateTimelineEventSchema } from "@/lib/validation/tally";
import { described, Field, FormMessage, inputClass, useRecordForm } from "./record-form";
import { TIMELINE_EVENT_KINDS } from "@/lib/codes";

let rowCounter = 0;
const rowKey = () => `source-${++rowCounter}`;

/** Add a key event of the timeline, or (with `event`) correct one. Sources are rows: an address and who published it. */
export function EventForm({ event }: { event?: TimelineEventRecord }) {
  const formRef = useRef<HTMLFormElement>(null);
  const form = useRecordForm(event ? updateTimelineEventAction : createTimelineEventAction, event ? UpdateTimelineEventSchema : CreateTimelineEventSchema, formRef, {
    rowNames: ["sources"], resetOnSave: !event,
  });
  const [rows, setRows] = useState(() => {
    const saved = (event?.sourceUrls ?? []).map((url, i) => ({ key: rowKey(), url, publisher: event?.sourcePublishers[i] ?? "" }));
    return saved.length ? saved : [{ key: rowKey(), url: "", publisher: "" }];
  });
  const id = (name: string) => `event-${event?.key ?? "new"}-${name.replaceAll(".", "-")}`;
  const attrs = (name: string) => ({ name, ...described(id(name), form.errorOf(name)) });
  const field = (name: string, label: string, input: React.ReactNode, className?: string) => (
    <Field id={id(name)} label={label} error={form.errorOf(name)} className={className}>{input}</Field>
  );

  return (
    <form ref={formRef} onSubmit={form.onSubmit} noValidate className="space-y-3" data-testid={event ? `edit-event-${event.key}` : "new-event"}>
      {event && (
        <>
          <input type="hidden" name="id" value={event.id} />
          <input type="hidden" name="version" value={event.version} />
        </>
      )}
      <div className="grid gap-3 md:grid-cols-4">
        {event
          ? field("key", "Key", <p id={id("key")} className="mt-1 py-1.5 font-mono text-sm">{event.key}</p>)
          : field("key", "Key (e.g. 2024-01-28-tower-22)", <input className={inputClass} {...attrs("key")} />)}
        {field("occurredOn", "Date", <input type="date" className={inputClass} defaultValue={event?.occurredOn} {...attrs("occurredOn")} />)}
        {field("kind", "Kind", (
          <select className={inputClass} defaultValue={event?.kind ?? "ATTACK"} {...attrs("kind")}>
            {TIMELINE_EVENT_KINDS.map((k) => <option key={k} value={k}>{TIMELINE_EVENT_KIND_LABELS[k]}</option>)}
          </select>
        ))}
        {field("title", "Title", <input className={inputClass} defaultValue={event?.title} {...attrs("title")} />)}
        {field("description", "Description", <textarea rows={3} className={inputClass} defaultValue={event?.description} {...attrs("description")} />, "md:col-span-4")}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Sources</legend>
        {form.errorOf("sources") && <p className="text-sm text-red-800">{form.errorOf("sources")}</p>}
        {rows.map((row, i) => (
          <div key={row.key} className="grid items-end gap-2 md:grid-cols-[3fr_2fr_auto]">
            {field(`sources.${i}.url`, `Address ${i + 1}`, <input type="url" className={inputClass} defaultValue={row.url} {...attrs(`sources.${i}.url`)} />)}
            {field(`sources.${i}.publisher`, "Published by", <input className={inputClass} defaultValue={row.publisher} {...attrs(`sources.${i}.publisher`)} />)}
            <button type="button" onClick={() => setRows(rows.filter((r) => r.key !== row.key))} className="mb-1 text-sm text-red-800 underline">
              Remove
            </button>
          </div>
        ))}
        {rows.length < MAX_EVENT_SOURCES && (
          <button type="button" onClick={() => setRows([...rows, { key: rowKey(), url: "", publisher: "" }])} className="text-sm text-blue-800 underline">
            Add a source
          </button>
        )}
      </fieldset>
      <FormMessage ok={form.ok} message={form.message} />
      {form.errorOf("form") && <p className="text-sm text-red-800">{form.errorOf("form")}</p>}
      <button type="submit" disabled={form.isPending} className="rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60">
        {form.isPending ? "Saving…" : event ? "Save correction" : "Add event"}
      </button>
    </form>
  );
}
