-- CreateEnum
CREATE TYPE "hypothesis_status" AS ENUM ('open', 'supported', 'refuted', 'confirmed');

-- CreateEnum
CREATE TYPE "annotation_stance" AS ENUM ('supports', 'refutes', 'context');

-- CreateTable
CREATE TABLE "hypotheses" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "hypothesis_status" NOT NULL DEFAULT 'open',
    "position" INTEGER NOT NULL DEFAULT 0,
    "author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "hypotheses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "hypothesis_events" (
    "id" UUID NOT NULL,
    "hypothesis_id" UUID NOT NULL,
    "status" "hypothesis_status" NOT NULL,
    "reason" TEXT,
    "author" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hypothesis_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "annotations" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "from_ts" TIMESTAMPTZ(3) NOT NULL,
    "to_ts" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL,
    "stance" "annotation_stance" NOT NULL DEFAULT 'context',
    "hypothesis_id" UUID,
    "panel" TEXT,
    "author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "permalinks" (
    "slug" TEXT NOT NULL,
    "incident_id" UUID NOT NULL,
    "view" JSONB NOT NULL,
    "author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "permalinks_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "hypotheses_incident_id_updated_at_idx" ON "hypotheses"("incident_id", "updated_at");

-- CreateIndex
CREATE INDEX "hypothesis_events_hypothesis_id_at_idx" ON "hypothesis_events"("hypothesis_id", "at");

-- CreateIndex
CREATE INDEX "annotations_incident_id_updated_at_idx" ON "annotations"("incident_id", "updated_at");

-- CreateIndex
CREATE INDEX "annotations_hypothesis_id_idx" ON "annotations"("hypothesis_id");

-- CreateIndex
CREATE INDEX "permalinks_incident_id_idx" ON "permalinks"("incident_id");

-- AddForeignKey
ALTER TABLE "hypotheses" ADD CONSTRAINT "hypotheses_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hypothesis_events" ADD CONSTRAINT "hypothesis_events_hypothesis_id_fkey" FOREIGN KEY ("hypothesis_id") REFERENCES "hypotheses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_hypothesis_id_fkey" FOREIGN KEY ("hypothesis_id") REFERENCES "hypotheses"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permalinks" ADD CONSTRAINT "permalinks_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

