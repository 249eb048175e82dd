-- Flow-log uploads count their NODATA/SKIPDATA windows apart from their rows, and keep the field
-- list their headerless records were read with (so the file can be read the same way again).
ALTER TABLE "uploads" ADD COLUMN "gaps" INTEGER;
ALTER TABLE "uploads" ADD COLUMN "flow_fields" TEXT;
