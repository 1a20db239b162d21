import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportCommit, ImportedCounts } from "@/components/import/import-commit";
import { requirePagePermission } from "@/lib/auth/guards";
import { getImportPreview, isBatchId } from "@/lib/data/incident-import";
import { ASSIGNED_COLUMNS, LAYOUT_LABELS } from "@/lib/import/columns";
import { ATTACK_TYPE_LABELS, label } from "@/lib/vocabulary";

export const metadata: Metadata = { title: "Import preview" };

type Props = { params: Promise<{ batchId: string }> };

const LIST_LIMIT = 500;
const cell = "px-3 py-1.5 align-top";

export default async function ImportPreviewPage({ params }: Props) {
  const { batchId } = await params;
  const actor = await requirePagePermission("import:incident", `/import/${batchId}`);
  // Not a UUID, not a batch: a 404 before any query.
  if (!isBatchId(batchId)) notFound();
  const preview = await getImportPreview(actor, batchId, LIST_LIMIT);
  if (!preview) notFound();
  const { batch, invalid, existingDuplicates, inFileDuplicates, sample } = preview;
  const invalidCount = batch.rowCount - batch.validCount;
  const more = (shown: number, total: number) => total > shown && <p className="text-sm text-stone-600">… and {(total - shown).toLocaleString("en")} more.</p>;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Import preview: {batch.fileName}</h1>
        <p className="text-sm text-stone-600">
          {LAYOUT_LABELS[batch.layout]} · {(batch.byteSize / 1024).toFixed(0)} kB · sha256 <span className="font-mono text-xs">{batch.sha256}</span>
        </p>
      </div>
      <dl className="flex flex-wrap gap-6 text-sm" data-testid="import-counts">
        <div><dt className="text-stone-600">Rows</dt><dd className="text-xl font-semibold" data-testid="import-row-count">{batch.rowCount.toLocaleString("en")}</dd></div>
        <div><dt className="text-stone-600">Valid</dt><dd className="text-xl font-semibold" data-testid="import-valid-count">{batch.validCount.toLocaleString("en")}</dd></div>
        <div><dt className="text-stone-600">With problems</dt><dd className="text-xl font-semibold" data-testid="import-invalid-count">{invalidCount.toLocaleString("en")}</dd></div>
        <div><dt className="text-stone-600">Like a stored incident</dt><dd className="text-xl font-semibold">{preview.existingDuplicateCount.toLocaleString("en")}</dd></div>
        <div><dt className="text-stone-600">Like another row</dt><dd className="text-xl font-semibold">{preview.inFileDuplicateCount.toLocaleString("en")}</dd></div>
      </dl>
      {batch.ignoredColumns.length > 0 && (
        <p className="text-sm" data-testid="import-ignored">
          Columns not read: {batch.ignoredColumns.map((c) => ((ASSIGNED_COLUMNS as ReadonlySet<string>).has(c) ? `${c} (assigned on import)` : c)).join(", ")}.
        </p>
      )}

      {batch.status === "COMMITTED" ? (
        <p role="status" className="rounded border border-green-700 bg-green-50 p-3 text-sm" data-testid="import-done">
          {/* Only likely duplicates are left out of the valid rows. */}
          <ImportedCounts imported={batch.importedCount ?? 0} leftOut={batch.validCount - (batch.importedCount ?? 0)} status={batch.importedAs ?? "DRAFT"} />{" "}
          <Link href={batch.importedAs === "DRAFT" ? "/review" : "/incidents"} className="text-blue-800 underline">{batch.importedAs === "DRAFT" ? "Review the drafts" : "See the incidents"}</Link>
        </p>
      ) : (
        <ImportCommit batchId={batch.id} validCount={batch.validCount} existingDuplicateCount={preview.existingDuplicateCount} existingDuplicates={existingDuplicates} />
      )}

      {invalid.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Rows with problems ({invalidCount.toLocaleString("en")}, not imported)</h2>
          <p className="text-sm text-stone-600">Row numbers are as a spreadsheet shows them (the header is row 1). Every problem of a row is listed. Fix the file (or the mapping of its values) and upload it again to include these.</p>
          <table className="w-full border-collapse bg-white text-sm" data-testid="import-problems">
            <thead><tr className="text-left"><th className={cell}>Row</th><th className={cell}>Column</th><th className={cell}>Value</th><th className={cell}>Problem</th></tr></thead>
            <tbody>
              {invalid.flatMap((row) =>
                row.problems.map((p, k) => (
                  <tr key={`${row.rowNumber}-${k}`} className="border-t border-stone-200" data-row={row.rowNumber}>
                    <td className={cell}>{row.rowNumber}</td>
                    <td className={`${cell} font-mono text-xs`}>{p.column}</td>
                    <td className={`${cell} max-w-xs truncate font-mono text-xs`} title={p.value}>{p.value}</td>
                    <td className={cell}>{p.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {more(invalid.length, invalidCount)}
        </section>
      )}

      {inFileDuplicates.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">Rows like other rows of this file ({preview.inFileDuplicateCount.toLocaleString("en")})</h2>
          <ul className="text-sm" data-testid="import-file-duplicates">
            {inFileDuplicates.map((d) => (
              <li key={d.rowNumber}>
                Row {d.rowNumber} is like row{d.rows.length > 1 ? "s" : ""} {d.rows.join(", ")}{d.hasMore && " and more"}
              </li>
            ))}
          </ul>
          {more(inFileDuplicates.length, preview.inFileDuplicateCount)}
        </section>
      )}

      {sample.length > 0 && (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">The first valid rows, as they will be imported</h2>
          <table className="w-full border-collapse bg-white text-sm" data-testid="import-sample">
            <thead>
              <tr className="text-left">
                <th className={cell}>Row</th><th className={cell}>Date</th><th className={cell}>Place</th><th className={cell}>Weapon</th>
                <th className={cell}>Claimed by</th><th className={cell}>Killed</th><th className={cell}>Sources</th>
              </tr>
            </thead>
            <tbody>
              {sample.map(({ rowNumber, incident: i }) => (
                <tr key={rowNumber} className="border-t border-stone-200">
                  <td className={cell}>{rowNumber}</td>
                  <td className={cell}>{i.occurredOn}</td>
                  <td className={cell}>{i.locationName} ({i.country})</td>
                  <td className={cell}>{label(ATTACK_TYPE_LABELS, i.attackType)}</td>
                  <td className={cell}>{i.claims.map((c) => c.group).join(", ") || "—"}</td>
                  <td className={cell}>{i.killedMin === null ? "unknown" : i.killedMin === i.killedMax ? i.killedMin : `${i.killedMin}–${i.killedMax}`}</td>
                  <td className={cell}>{i.sources.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
