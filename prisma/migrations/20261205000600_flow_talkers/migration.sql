-- Per-minute top-talker rollups, filled at ingest from the upload's own flow_records: one row per
-- minute, dimension and key, with the sums every unfiltered top-talkers ranking needs. A range's
-- whole minutes are answered from here, its partial minutes at either edge from the raw rows.
-- dim: 0 src, 1 dst, 2 port, 3 interface, 4 protocol (lib/series/top-talkers.ts)
-- key: the ranking's key exactly as the raw path computes it, NULL where the raw key is NULL
-- ts:  the minute's start, epoch ms
CREATE TABLE flow_talkers (
    upload_id UUID     NOT NULL,
    ts        BIGINT   NOT NULL,
    dim       SMALLINT NOT NULL,
    key       TEXT,
    flows     BIGINT   NOT NULL,
    packets   BIGINT   NOT NULL,
    bytes     BIGINT   NOT NULL,
    syn       BIGINT   NOT NULL,
    reject    BIGINT   NOT NULL,
    rst       BIGINT   NOT NULL
) PARTITION BY LIST (upload_id);
