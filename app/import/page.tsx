import type { Metadata } from "next";
import { ImportUpload } from "@/components/import/import-upload";
import { requirePagePermission } from "@/lib/auth/guards";
import { listImportMappings } from "@/lib/data/import-mappings";
import { listImportReferences } from "@/lib/data/incident-import";

export const metadata: Metadata = { title: "Import incidents" };

export default async function ImportPage() {
  const actor = await requirePagePermission("import:incident", "/import");
  const [references, savedMappings] = await Promise.all([listImportReferences(actor), listImportMappings(actor)]);
  return (
    <div className="max-w-5xl space-y-4">
      <h1 className="text-2xl font-bold">Import incidents from CSV</h1>
      <p className="text-sm text-stone-600">
        Our own CSV export and ACLED&apos;s layout are recognised by their header; for any other file you choose the column (or one
        value) for each field and what its values stand for, and can save those choices for the next file like it. Every row is
        checked by the same rules as the incident form. You then see the rows, every problem and the likely duplicates, and nothing is
        imported until you confirm.
      </p>
      <ImportUpload references={references} savedMappings={savedMappings} />
    </div>
  );
}
