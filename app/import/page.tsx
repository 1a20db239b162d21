import type { Metadata } from "next";
import { ImportUpload } from "@/components/import/import-upload";
import { requirePagePermission } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Import incidents" };

export default async function ImportPage() {
  await requirePagePermission("import:incident", "/import");
  return (
    <div className="max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Import incidents from CSV</h1>
      <p className="text-sm text-stone-600">
        Our own CSV export and ACLED&apos;s layout are recognised by their header; for any other file you map the columns. Every row is
        checked by the same rules as the incident form. You then see the rows, every problem and the likely duplicates, and nothing is
        imported until you confirm.
      </p>
      <ImportUpload />
    </div>
  );
}
