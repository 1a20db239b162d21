-- CreateTable
CREATE TABLE "refused_attempt" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "address" TEXT,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "extra" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "refused_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "refused_attempt_at_idx" ON "refused_attempt"("at");
