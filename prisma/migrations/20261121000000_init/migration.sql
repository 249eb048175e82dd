-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "upload_status" AS ENUM ('ingesting', 'ready', 'failed');

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "ticket" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "window_from" TIMESTAMPTZ(3),
    "window_to" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "uploads" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size" BIGINT NOT NULL,
    "status" "upload_status" NOT NULL DEFAULT 'ingesting',
    "rows_parsed" INTEGER NOT NULL DEFAULT 0,
    "rows_rejected" INTEGER NOT NULL DEFAULT 0,
    "time_from" TIMESTAMPTZ(3),
    "time_to" TIMESTAMPTZ(3),
    "errors" JSONB NOT NULL DEFAULT '[]',
    "source" TEXT,
    "failure" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "incidents_ticket_key" ON "incidents"("ticket");

-- CreateIndex
CREATE INDEX "uploads_incident_id_sha256_idx" ON "uploads"("incident_id", "sha256");

-- AddForeignKey
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

