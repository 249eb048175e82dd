-- A capture's dnsPorts as uploaded, so reading it again (a new clock) decodes the same ports
ALTER TABLE "uploads" ADD COLUMN "dns_ports" INTEGER[] NOT NULL DEFAULT '{}';
