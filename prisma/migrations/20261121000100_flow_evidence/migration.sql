-- Flow-log evidence. Written by hand (Prisma cannot model partitioned tables) and only ever
-- filled with COPY. Every evidence table is LIST-partitioned by upload: an upload is loaded into
-- its own table inside one transaction and attached at the end, so it lands completely or not at
-- all, readers are never blocked by a long COPY, and deleting an upload is a DROP TABLE.
-- Small enums are smallints (see lib/flows/codes.ts):
--   flag_class 0 syn, 1 synack, 2 rst, 3 fin, 4 other, 5 none
--   direction  0 unknown, 1 ingress, 2 egress
--   action     0 unknown, 1 ACCEPT, 2 REJECT
-- Times are epoch milliseconds (BIGINT): bucketing is integer arithmetic and COPY parses no dates.

CREATE TABLE flow_records (
    upload_id    UUID        NOT NULL,
    start_ms     BIGINT      NOT NULL,
    end_ms       BIGINT      NOT NULL,
    src          INET,
    dst          INET,
    src_port     INTEGER,
    dst_port     INTEGER,
    protocol     SMALLINT,
    packets      BIGINT,
    bytes        BIGINT,
    action       SMALLINT    NOT NULL,
    tcp_flags    SMALLINT,
    flag_class   SMALLINT    NOT NULL,
    direction    SMALLINT    NOT NULL,
    interface_id TEXT,
    pkt_src      INET,
    pkt_dst      INET
) PARTITION BY LIST (upload_id);

-- Per-second pre-aggregates computed during ingest: timeline queries without filters read only these.
CREATE TABLE flow_rollups (
    upload_id  UUID        NOT NULL,
    ts         BIGINT      NOT NULL,
    flag_class SMALLINT    NOT NULL,
    direction  SMALLINT    NOT NULL,
    action     SMALLINT    NOT NULL,
    flows      BIGINT      NOT NULL,
    packets    BIGINT      NOT NULL,
    bytes      BIGINT      NOT NULL
) PARTITION BY LIST (upload_id);

-- NODATA / SKIPDATA windows: coverage gaps, not flows.
CREATE TABLE flow_gaps (
    upload_id    UUID        NOT NULL,
    start_ms     BIGINT      NOT NULL,
    end_ms       BIGINT      NOT NULL,
    status       TEXT        NOT NULL,
    interface_id TEXT
) PARTITION BY LIST (upload_id);
