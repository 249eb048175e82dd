-- Packet-capture evidence: DNS transactions and per-second rollups, written with COPY and
-- partitioned by upload like the flow tables. Times: *_us epoch microseconds, ts epoch ms of the
-- second. Rollups key DNS activity by the second of a transaction's first query packet.

CREATE TABLE dns_transactions (
    upload_id   UUID     NOT NULL,
    query_us    BIGINT   NOT NULL,
    answer_us   BIGINT,
    latency_us  BIGINT,            -- NULL: no answer in the capture (unanswered, not a latency)
    client      INET     NOT NULL,
    client_port INTEGER  NOT NULL,
    server      INET     NOT NULL,
    server_port INTEGER  NOT NULL,
    transport   SMALLINT NOT NULL, -- 0 udp, 1 tcp
    dns_id      INTEGER  NOT NULL,
    qname       TEXT,
    qtype       INTEGER,
    rcode       SMALLINT,
    retries     INTEGER  NOT NULL
) PARTITION BY LIST (upload_id);

CREATE TABLE dns_rollups (
    upload_id      UUID    NOT NULL,
    ts             BIGINT  NOT NULL,
    queries        INTEGER NOT NULL,
    answered       INTEGER NOT NULL,
    unanswered     INTEGER NOT NULL,
    servfail       INTEGER NOT NULL,
    nxdomain       INTEGER NOT NULL,
    refused        INTEGER NOT NULL,
    retries        INTEGER NOT NULL,
    max_latency_us BIGINT
) PARTITION BY LIST (upload_id);

-- Sparse latency histogram per second (bucket ids from lib/captures/latency-histogram.ts):
-- percentiles of any bucket step are exact to the histogram's resolution (< 1 %).
CREATE TABLE dns_latency (
    upload_id UUID     NOT NULL,
    ts        BIGINT   NOT NULL,
    bucket    SMALLINT NOT NULL,
    count     INTEGER  NOT NULL
) PARTITION BY LIST (upload_id);

CREATE TABLE packet_rollups (
    upload_id           UUID    NOT NULL,
    ts                  BIGINT  NOT NULL,
    syn                 INTEGER NOT NULL,
    synack              INTEGER NOT NULL,
    rst                 INTEGER NOT NULL,
    fin                 INTEGER NOT NULL,
    other               INTEGER NOT NULL,
    none                INTEGER NOT NULL,
    syn_retransmissions INTEGER NOT NULL
) PARTITION BY LIST (upload_id);
