-- CreateTable
CREATE TABLE "RumEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "app" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "page" TEXT,
    "device" TEXT NOT NULL,
    "view" TEXT NOT NULL,
    "sampleRate" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "metric" TEXT,
    "value" DOUBLE PRECISION,
    "rating" TEXT,
    "message" TEXT,
    "stack" TEXT,
    "method" TEXT,
    "url" TEXT,
    "status" INTEGER,
    "fingerprint" TEXT,

    CONSTRAINT "RumEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RumPath" (
    "app" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "page" TEXT,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RumPath_pkey" PRIMARY KEY ("app","path")
);

-- CreateTable
CREATE TABLE "RumDaily" (
    "day" DATE NOT NULL,
    "app" TEXT NOT NULL,
    "page" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "good" INTEGER NOT NULL DEFAULT 0,
    "needsImprovement" INTEGER NOT NULL DEFAULT 0,
    "poor" INTEGER NOT NULL DEFAULT 0,
    "sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "buckets" INTEGER[] DEFAULT ARRAY[]::INTEGER[],

    CONSTRAINT "RumDaily_pkey" PRIMARY KEY ("day","app","page","metric","device")
);

-- CreateIndex
CREATE INDEX "RumEvent_at_idx" ON "RumEvent"("at");

-- CreateIndex
CREATE INDEX "RumEvent_page_kind_at_idx" ON "RumEvent"("page", "kind", "at");

-- CreateIndex
CREATE INDEX "RumEvent_kind_at_idx" ON "RumEvent"("kind", "at");

-- CreateIndex
CREATE INDEX "RumPath_lastSeenAt_idx" ON "RumPath"("lastSeenAt");
