import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // Server-only modules are exercised directly by integration tests.
      "server-only": path.resolve(root, "test/server-only-stub.ts"),
    },
  },
};

export default defineConfig({
  ...shared,
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        ...shared,
        // Pure modules (parsers, bucketing, formats): no database, run anywhere in parallel.
        // test/corpus: the tshark comparison over the capture corpus, which needs no database.
        test: { name: "unit", include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "test/corpus/**/*.test.ts"], exclude: ["**/*.int.test.ts", "**/node_modules/**"] },
      },
      {
        ...shared,
        // Everything that touches PostgreSQL: one real server, a fresh database per run.
        test: {
          name: "integration",
          include: ["test/**/*.test.ts", "lib/**/*.int.test.ts"],
          exclude: ["test/corpus/**", "**/node_modules/**"],
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/setup-env.ts"],
          pool: "forks",
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
