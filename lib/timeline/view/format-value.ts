// Numbers on axes and in tooltips, by unit: compact counts (1.2k), bytes (3.4 MB), latency (5 s).
const SI = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
] as const;

function compact(v: number): string {
  const a = Math.abs(v);
  for (const [size, suffix] of SI) if (a >= size) return `${trim(v / size)}${suffix}`;
  return a >= 100 || Number.isInteger(v) ? String(Math.round(v)) : trim(v);
}

/** Three significant digits without trailing zeros. */
function trim(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

function bytes(v: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let x = v;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${trim(x)} ${units[i]}`;
}

function millis(v: number): string {
  if (Math.abs(v) >= 1000) return `${trim(v / 1000)} s`;
  return `${trim(v)} ms`;
}

export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  if (unit === "bytes" || unit === "B") return bytes(v);
  if (unit === "ms") return millis(v);
  if (unit === "s" || unit === "seconds") return millis(v * 1000);
  return compact(v);
}
