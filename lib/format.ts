// Formatting shared by server and client. Times are shown in UTC unless a view chooses local.
export function formatDateTime(ms: number, zone: "utc" | "local" = "utc"): string {
  const d = new Date(ms);
  if (zone === "local") {
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  return d.toISOString().slice(0, 19).replace("T", " ");
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}

export function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 && i > 0 ? 1 : 0)} ${units[i]}`;
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab/CR before one) as a formula, and
 * names, labels and paths come from what anyone can upload or send: such text cells get a leading
 * quote (OWASP's rule). Numbers are written by us and left alone, negative ones included.
 */
export const csvText = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** A CSV field, quoted when it holds a quote, a comma or a line break. */
export const csvQuote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A CSV text field: formula-safe and quoted. */
export const csvCell = (s: string) => csvQuote(csvText(s));
