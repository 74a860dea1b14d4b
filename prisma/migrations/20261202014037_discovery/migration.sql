-- CreateTable
CREATE TABLE "DiscoveryRun" (
    "id" SERIAL NOT NULL,
    "trigger" TEXT NOT NULL,
    "actorName" TEXT,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER,
    "targets" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "unregistered" INTEGER NOT NULL DEFAULT 0,
    "newUnregistered" INTEGER NOT NULL DEFAULT 0,
    "stale" INTEGER NOT NULL DEFAULT 0,
    "matched" INTEGER NOT NULL DEFAULT 0,
    "notifications" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "DiscoveryRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveredWorkload" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "image" TEXT,
    "status" TEXT NOT NULL,
    "healthy" BOOLEAN NOT NULL,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "ports" TEXT,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "lastRunId" INTEGER NOT NULL,
    "notifiedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DiscoveredWorkload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscoveryIgnore" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "reason" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscoveryIgnore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DiscoveryRun_startedAt_idx" ON "DiscoveryRun"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DiscoveredWorkload_key_key" ON "DiscoveredWorkload"("key");

-- CreateIndex
CREATE INDEX "DiscoveredWorkload_source_location_idx" ON "DiscoveredWorkload"("source", "location");

-- CreateIndex
CREATE INDEX "DiscoveredWorkload_lastSeenAt_idx" ON "DiscoveredWorkload"("lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "DiscoveryIgnore_kind_key_key" ON "DiscoveryIgnore"("kind", "key");
