-- The panels an annotation is drawn on (empty for every panel, what annotations always were).
ALTER TABLE "annotations" ADD COLUMN "panels" TEXT[] NOT NULL DEFAULT '{}';
