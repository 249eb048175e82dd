-- One summary row per 5 s and per 1 min time bucket of an upload, computed at ingest from the
-- same histograms as dns_latency_5s and dns_latency_1m: the DNS counts of the bucket, its exact
-- maximum latency and the p50, p90 and p99 the series code would compute from that histogram
-- (nearest-rank bucket midpoints capped by the maximum, in microseconds). A one-hour DNS panel at
-- the table's resolution over a single upload reads 720 rows instead of hundreds of thousands of
-- histogram rows. Percentiles of several uploads cannot be combined from these: the series then
-- merges the histograms, as it does for every other step. Partitioned by upload.
CREATE TABLE dns_latency_summary_5s (
    upload_id      UUID             NOT NULL,
    ts             BIGINT           NOT NULL,
    queries        INTEGER          NOT NULL,
    answered       INTEGER          NOT NULL,
    unanswered     INTEGER          NOT NULL,
    servfail       INTEGER          NOT NULL,
    nxdomain       INTEGER          NOT NULL,
    max_latency_us BIGINT,
    p50_us         DOUBLE PRECISION,
    p90_us         DOUBLE PRECISION,
    p99_us         DOUBLE PRECISION
) PARTITION BY LIST (upload_id);

CREATE TABLE dns_latency_summary_1m (
    upload_id      UUID             NOT NULL,
    ts             BIGINT           NOT NULL,
    queries        INTEGER          NOT NULL,
    answered       INTEGER          NOT NULL,
    unanswered     INTEGER          NOT NULL,
    servfail       INTEGER          NOT NULL,
    nxdomain       INTEGER          NOT NULL,
    max_latency_us BIGINT,
    p50_us         DOUBLE PRECISION,
    p90_us         DOUBLE PRECISION,
    p99_us         DOUBLE PRECISION
) PARTITION BY LIST (upload_id);
