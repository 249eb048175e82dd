-- CreateTable
CREATE TABLE "markers" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "upload_id" UUID,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "end_ts" TIMESTAMPTZ(3),
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "source" TEXT,
    "object" TEXT,
    "message" TEXT,
    "author" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "markers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "markers_incident_id_ts_idx" ON "markers"("incident_id", "ts");

-- AddForeignKey
ALTER TABLE "markers" ADD CONSTRAINT "markers_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "markers" ADD CONSTRAINT "markers_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "uploads"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Metric evidence: hand-written, COPY only, partitioned by upload like the flow tables.
-- Values are kept exactly as exported: no resampling at ingest.
CREATE TABLE metric_series (
    upload_id  UUID    NOT NULL,
    series_id  INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    labels     JSONB   NOT NULL,
    label_key  TEXT    NOT NULL, -- canonical `a="1",b="2"`: the same series across uploads
    unit       TEXT,
    points     INTEGER NOT NULL,
    first_ms   BIGINT,
    last_ms    BIGINT,
    interval_ms BIGINT           -- median spacing of the export, when regular
) PARTITION BY LIST (upload_id);

CREATE TABLE metric_points (
    upload_id UUID             NOT NULL,
    series_id INTEGER          NOT NULL,
    ts        BIGINT           NOT NULL, -- epoch ms
    value     DOUBLE PRECISION NOT NULL
) PARTITION BY LIST (upload_id);
