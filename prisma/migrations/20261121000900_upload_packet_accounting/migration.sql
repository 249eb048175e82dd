-- How a capture upload's packets were accounted for: {total, decoded, setAside: [{reason, count}],
-- encapsulations: [{name, count}]}. Null for other evidence families and for uploads ingested
-- before packets were accounted for.
ALTER TABLE uploads ADD COLUMN packets JSONB;
