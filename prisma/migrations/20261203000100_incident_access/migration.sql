-- Per-incident access (visibility, roles), public share links, API tokens and the audit log.
CREATE TYPE "Visibility" AS ENUM ('members', 'restricted');
CREATE TYPE "IncidentRole" AS ENUM ('owner', 'editor', 'viewer');

ALTER TABLE "incidents" ADD COLUMN "visibility" "Visibility" NOT NULL DEFAULT 'members';

CREATE TABLE "incident_members" (
    "incident_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "IncidentRole" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "incident_members_pkey" PRIMARY KEY ("incident_id", "user_id")
);
CREATE INDEX "incident_members_user_id_idx" ON "incident_members"("user_id");
ALTER TABLE "incident_members" ADD CONSTRAINT "incident_members_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "incident_members" ADD CONSTRAINT "incident_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "share_links" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "query" TEXT NOT NULL DEFAULT '',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "share_links_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "share_links_token_hash_key" ON "share_links"("token_hash");
CREATE INDEX "share_links_incident_id_idx" ON "share_links"("incident_id");
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "scopes" TEXT[],
    "ticket_prefix" TEXT,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

CREATE TABLE "audit_entries" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "incident_id" UUID,
    "actor" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "ip" TEXT,
    "detail" JSONB,
    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_entries_incident_id_at_idx" ON "audit_entries"("incident_id", "at");
