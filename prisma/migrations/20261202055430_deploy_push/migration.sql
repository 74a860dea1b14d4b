-- CreateTable
CREATE TABLE "DeployPush" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL,
    "registryRevision" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "targets" JSONB NOT NULL DEFAULT '[]',
    "rollbackOfId" INTEGER,
    "error" TEXT,

    CONSTRAINT "DeployPush_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeployPush_startedAt_idx" ON "DeployPush"("startedAt");
