-- Uploads ingested by the job queue: "queued" until a worker takes them, the job that holds them
-- (null for uploads ingested inside their request), progress a web server in another process can
-- read, the address a file was imported from, and why an import was refused before anything was stored.
ALTER TYPE "upload_status" ADD VALUE IF NOT EXISTS 'queued' BEFORE 'ingesting';
ALTER TABLE "uploads" ADD COLUMN "job_id" UUID, ADD COLUMN "progress" JSONB, ADD COLUMN "url" TEXT, ADD COLUMN "refusal" JSONB;
