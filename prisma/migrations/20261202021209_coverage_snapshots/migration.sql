-- CreateTable
CREATE TABLE "CoverageSnapshot" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trigger" TEXT NOT NULL,
    "values" JSONB NOT NULL,
    "teams" JSONB NOT NULL,
    "gaps" JSONB,
    "discoveryRunAt" TIMESTAMPTZ(3),

    CONSTRAINT "CoverageSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CoverageSnapshot_at_idx" ON "CoverageSnapshot"("at");
