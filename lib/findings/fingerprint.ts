// The identity of a finding across recomputes: detector + main subject + time range rounded to
// five minutes (start floored, end ceiled), so a dismissal survives small shifts of the window.
const GRID_MS = 5 * 60_000;

export function fingerprint(f: { detector: string; subject: string; from: number; to: number }): string {
  const from = new Date(Math.floor(f.from / GRID_MS) * GRID_MS).toISOString().slice(0, 16);
  const to = new Date(Math.ceil(f.to / GRID_MS) * GRID_MS).toISOString().slice(0, 16);
  return `${f.detector}|${f.subject}|${from}|${to}`;
}
