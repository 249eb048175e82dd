-- The per-second DNS latency histograms merged into 5 s and 1 min buckets at ingest: a one-hour
-- panel reads a few thousand histogram rows instead of hundreds of thousands. Same layout as
-- dns_latency, partitioned by upload.
CREATE TABLE dns_latency_5s (
    upload_id UUID     NOT NULL,
    ts        BIGINT   NOT NULL,
    bucket    SMALLINT NOT NULL,
    count     INTEGER  NOT NULL
) PARTITION BY LIST (upload_id);

CREATE TABLE dns_latency_1m (
    upload_id UUID     NOT NULL,
    ts        BIGINT   NOT NULL,
    bucket    SMALLINT NOT NULL,
    count     INTEGER  NOT NULL
) PARTITION BY LIST (upload_id);
