-- CreateEnum
CREATE TYPE "finding_severity" AS ENUM ('info', 'warning', 'critical');

-- CreateTable
CREATE TABLE "findings" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "detector" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "from_ts" TIMESTAMPTZ(3) NOT NULL,
    "to_ts" TIMESTAMPTZ(3) NOT NULL,
    "severity" "finding_severity" NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "evidence" JSONB NOT NULL,
    "dismissed_at" TIMESTAMPTZ(3),
    "accepted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "findings_incident_id_from_ts_idx" ON "findings"("incident_id", "from_ts");

-- CreateIndex
CREATE UNIQUE INDEX "findings_incident_id_fingerprint_key" ON "findings"("incident_id", "fingerprint");

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Per-destination TCP SYNs from packet captures (hand-written, COPY only, partitioned by upload
-- like the other evidence tables): per second, destination and port, the SYNs seen and how many
-- of them were retransmissions (same 4-tuple and sequence number as an earlier SYN). This is what
-- shows connect() to one server failing, e.g. TCP to a DNS resolver on port 53.
CREATE TABLE tcp_syn_rollups (
    upload_id           UUID    NOT NULL,
    ts                  BIGINT  NOT NULL,
    dst                 INET    NOT NULL,
    dst_port            INTEGER NOT NULL,
    syns                INTEGER NOT NULL,
    syn_retransmissions INTEGER NOT NULL
) PARTITION BY LIST (upload_id);
