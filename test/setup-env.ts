import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
// Raw uploaded files go to a throwaway folder, not the developer's ./.data.
process.env.HINDSIGHT_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "hindsight-test-"));
