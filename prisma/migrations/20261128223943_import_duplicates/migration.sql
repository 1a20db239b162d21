-- CreateEnum
CREATE TYPE "ImportDuplicateKind" AS ENUM ('IN_FILE', 'EXISTING');

-- AlterTable
ALTER TABLE "import_row" DROP COLUMN "duplicates";

-- CreateTable
CREATE TABLE "import_duplicate" (
    "batch_id" UUID NOT NULL,
    "row_number" INTEGER NOT NULL,
    "kind" "ImportDuplicateKind" NOT NULL,
    "matches" JSONB NOT NULL,
    "has_more" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "import_duplicate_pkey" PRIMARY KEY ("batch_id","row_number","kind")
);

-- AddForeignKey
ALTER TABLE "import_duplicate" ADD CONSTRAINT "import_duplicate_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "import_batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
