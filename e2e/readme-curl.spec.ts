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
  // Every marked block, in order, in one shell: the later ones use the variables of the first.
  const blocks = readme.split("<!-- curl-example").slice(1).map((part) => part.match(/```bash\n([\s\S]*?)```/)?.[1] ?? "");
  expect(blocks.length, "the README marks its curl blocks with <!-- curl-example -->").toBeGreaterThanOrEqual(2);
  const block = blocks.join("\n");
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
  const permalinks = answers.filter((a) => typeof a.slug === "string");
  expect(permalinks).toHaveLength(2);
  for (const p of permalinks) expect(p.url).toMatch(new RegExp(`^http://localhost:${port}/p/[A-Za-z0-9]+$`));
  // The request bodies: a band marker, a confirmed hypothesis with its reason, an annotation tied
  // to it, a saved postmortem.
  expect(answers.find((a) => a.kind === "rollout")).toMatchObject({ label: "checkout v2", endTs: Date.UTC(2026, 10, 10, 14, 12) });
  const hypothesis = answers.find((a) => a.status === "confirmed");
  expect(hypothesis.history.at(-1)).toMatchObject({ status: "confirmed", reason: "nf_conntrack_entries at the limit 14:10-14:13" });
  expect(answers.find((a) => a.stance === "supports")).toMatchObject({ hypothesisId: hypothesis.id, panel: "flows", text: "SYN storm" });
  expect(answers.find((a) => typeof a.markdown === "string")).toMatchObject({ revision: 1 });
});
