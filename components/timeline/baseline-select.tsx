"use client";

// What the view is compared with: nothing, the same window an hour/day/week before, or a range
// marked as "normal" (zoom to a quiet period, choose "This range as normal", then go back to the
// incident). One control, used by the toolbar and the top talkers.
import { BASELINE_SHIFTS, type TBaselineShift } from "@/lib/schemas/top-talkers";
import type { TBaseline, TRange, TZone } from "@/lib/timeline/view-state";
import { formatInstant } from "@/lib/timeline/view/format-time";

const SHIFT_LABELS: Record<TBaselineShift, string> = { "-1h": "1 hour before", "-1d": "1 day before", "-7d": "7 days before" };
const HERE = "here";
const CHOSEN = "chosen";

type Props = { value: TBaseline | null; onChange: (next: TBaseline | null) => void; domain: TRange; tz: TZone; label?: string };

export function BaselineSelect({ value, onChange, domain, tz, label = "Compare with" }: Props) {
  const current = value === null ? "" : "shift" in value ? value.shift : CHOSEN;
  const pick = (next: string) => {
    if (next === "") onChange(null);
    else if (next === HERE) onChange({ from: domain.from, to: domain.to });
    else if (next !== CHOSEN) onChange({ shift: next as TBaselineShift });
  };
  return (
    <select aria-label={label} value={current} onChange={(e) => pick(e.target.value)} title="Draw a baseline beside every panel, and compare the top talkers with it">
      <option value="">no baseline</option>
      {(Object.keys(BASELINE_SHIFTS) as TBaselineShift[]).map((s) => <option key={s} value={s}>{SHIFT_LABELS[s]}</option>)}
      {value && !("shift" in value) && <option value={CHOSEN}>normal: {formatInstant(value.from, tz)} – {formatInstant(value.to, tz)}</option>}
      <option value={HERE}>this range as normal</option>
    </select>
  );
}
