-- Each upload's clock: a signed offset added to every time it holds, and the IANA zone its
-- zoneless timestamps were written in (null: UTC). Stored evidence already carries both.
ALTER TABLE "uploads" ADD COLUMN "clock_offset_ms" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "uploads" ADD COLUMN "time_zone" TEXT;

-- Who changed an upload's clock, when, from what to what: the incident's history.
CREATE TABLE "clock_changes" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "upload_id" UUID,
    "filename" TEXT NOT NULL,
    "from_offset_ms" INTEGER NOT NULL,
    "to_offset_ms" INTEGER NOT NULL,
    "from_time_zone" TEXT,
    "to_time_zone" TEXT,
    "author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clock_changes_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "clock_changes_incident_id_created_at_idx" ON "clock_changes"("incident_id", "created_at");

ALTER TABLE "clock_changes" ADD CONSTRAINT "clock_changes_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clock_changes" ADD CONSTRAINT "clock_changes_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE CASCADE;
