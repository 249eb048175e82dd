// A short run of the fuzz harness (bench/fuzz) on the test database: mutants of every fixture and
// of a sample of the tcpdump corpus through the upload route. The long run is `npm run fuzz`.
import { expect, it } from "vitest";
import { runFuzz } from "@/bench/fuzz/runner";

it("answers 150 mutated files without a 5xx, a stuck upload, a leaked temp file or a generic failure", async () => {
  const report = await runFuzz({ count: 150, seconds: 240, seed: 3 });
  expect(report.inputs).toBe(150);
  expect(report.failures).toEqual([]);
  expect(report.stuckUploads).toBe(0);
  expect(report.leakedTempFiles).toBe(0);
  // Mutants must reach the parsers, not only be refused at the door.
  const answered = Object.values(report.byCategory).flatMap((c) => Object.entries(c.statuses));
  expect(answered.some(([status]) => status === "201")).toBe(true);
  expect(answered.some(([status]) => status === "422")).toBe(true);
}, 300_000);
