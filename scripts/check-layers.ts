// `npm run check:layers`: the import graph against the layering written in ARCHITECTURE.md.
// Every source file belongs to one unit (a folder of lib/, or app/, components/, …); a unit may
// import only units on a lower floor. An import to the same or a higher floor is a violation —
// same floor included, so sibling modules stay independent. Exits 1 and lists them if any.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Floors from the bottom up; a unit imports only from floors below its own. */
export const FLOORS: string[][] = [
  ["lib/env.ts", "lib/loopback.ts", "lib/format.ts", "lib/metric-kind.ts", "lib/request-scope.ts", "lib/time-zone.ts", "lib/flows", "lib/generated"],
  ["lib/schemas", "lib/parsers", "lib/markdown", "lib/time"],
  ["lib/api", "lib/captures", "lib/db.ts"],
  ["lib/evidence", "lib/runtime", "lib/auth", "lib/events", "lib/queue"],
  ["lib/route", "lib/series", "lib/detectors", "lib/timeline"],
  ["lib/findings", "lib/markers", "lib/hypotheses", "lib/incidents", "lib/client"],
  ["lib/uploads", "lib/annotations", "lib/permalinks"],
  ["lib/ingest", "lib/activity", "lib/postmortem"],
  ["lib/tickets", "lib/samples", "lib/clock"],
  ["components"],
  ["app", "proxy.ts", "scripts"],
  ["bench"],
];

const ROOTS = ["lib", "app", "proxy.ts", "components", "scripts", "bench"];
const SOURCE = /\.(ts|tsx|mts)$/;
const IS_TEST = /\.(test|int\.test|spec)\.tsx?$/;

function files(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (name === "node_modules" || name === "generated" || name === "fixtures") continue;
    if (statSync(full).isDirectory()) out = out.concat(files(full));
    else if (SOURCE.test(name) && !IS_TEST.test(name)) out.push(full);
  }
  return out;
}

/** The most specific unit holding `file`: a file unit (lib/db.ts beside a lib/db/ folder, say) wins over its folder. */
const unitOf = (file: string): string | null => {
  let best: string | null = null;
  for (const floor of FLOORS) {
    for (const unit of floor) {
      const holds = file === unit || file.startsWith(`${unit.replace(/\.ts$/, "")}/`);
      if (holds && (!best || unit.length > best.length)) best = unit;
    }
  }
  return best;
};
const floorOf = (unit: string) => FLOORS.findIndex((f) => f.includes(unit));

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?(?:from\s*)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolve(from: string, spec: string): string | null {
  let target: string;
  if (spec.startsWith("@/")) target = spec.slice(2);
  else if (spec.startsWith(".")) target = path.normalize(path.join(path.dirname(from), spec));
  else return null; // a package
  return target.split(path.sep).join("/");
}

export interface Violation {
  file: string;
  imports: string;
  from: string;
  to: string;
}

export function findViolations(root: string): { violations: Violation[]; unplaced: string[]; imports: number } {
  const violations: Violation[] = [];
  const unplaced = new Set<string>();
  let imports = 0;
  for (const top of ROOTS) {
    let all: string[] = [];
    try {
      const start = path.join(root, top);
      all = statSync(start).isFile() ? [start] : files(start);
    } catch {
      continue;
    }
    for (const abs of all) {
      const file = path.relative(root, abs).split(path.sep).join("/");
      const unit = unitOf(file);
      if (!unit) {
        unplaced.add(file);
        continue;
      }
      const text = readFileSync(abs, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const target = resolve(file, m[1] ?? m[2]!);
        if (!target) continue;
        const to = unitOf(target) ?? unitOf(`${target}.ts`);
        if (!to || to === unit) continue;
        imports++;
        if (floorOf(to) >= floorOf(unit)) violations.push({ file, imports: m[1] ?? m[2]!, from: unit, to });
      }
    }
  }
  return { violations, unplaced: [...unplaced], imports };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(process.argv[2] ?? ".");
  const { violations, unplaced, imports } = findViolations(root);
  for (const v of violations) console.log(`${v.file}: imports ${v.imports} (${v.from} → ${v.to}, same or higher floor)`);
  for (const f of unplaced) console.log(`${f}: belongs to no unit of the layering`);
  console.log(`${imports} imports across units, ${violations.length} against the layering, ${unplaced.length} files unplaced`);
  process.exit(violations.length || unplaced.length ? 1 : 0);
}
