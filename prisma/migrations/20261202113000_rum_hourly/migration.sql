-- CreateTable
CREATE TABLE "RumHourly" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
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

    CONSTRAINT "RumHourly_pkey" PRIMARY KEY ("hour","app","page","metric","device")
);
