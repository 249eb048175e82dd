// The README's curl block is the first thing an evaluator pastes: run it as it is against the test
// server, every command checked for success (curl --fail-with-body) and the answers for sense.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3107);

test("the README's curl examples run as pasted and every command succeeds", async () => {
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const block = readme.split("<!-- curl-example")[1]?.match(/```bash\n([\s\S]*?)```/)?.[1];
  expect(block, "the README marks its curl block with <!-- curl-example -->").toBeTruthy();
  // Only the port differs from a pasted run; each curl also fails on an HTTP error answer and ends
  // its answer with a newline, one answer a line.
  const script = block!.replaceAll("localhost:3000", `localhost:${port}`).replaceAll("curl -s ", "curl -s --fail-with-body -w '\\n' ");
  const out = execFileSync("bash", ["-e", "-o", "pipefail", "-c", script], { cwd: root, encoding: "utf8", timeout: 240_000 });
  const answers = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  const uploads = answers.filter((a) => a.uploads).flatMap((a) => a.uploads);
  expect(uploads.map((u: { status: string }) => u.status)).toEqual(["ready", "ready", "ready", "ready"]);
  const series = answers.filter((a) => Array.isArray(a.series));
  expect(series).toHaveLength(3);
  for (const s of series) expect(s.series.length).toBeGreaterThan(0);
  expect(answers.at(-1).url).toMatch(new RegExp(`^http://localhost:${port}/p/[A-Za-z0-9]+$`));
});
