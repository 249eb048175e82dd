"use client";

// From/to fields (ISO, `YYYY-MM-DD HH:MM:SS` in the shown zone, epoch ms or s) and presets
// relative to the incident.
import { useState, type FocusEvent, type FormEvent } from "react";
import { formatInstant, zoneLabel } from "@/lib/timeline/view/format-time";
import type { TPreset } from "@/lib/timeline/view/presets";
import { parseTypedTime } from "@/lib/timeline/view/typed-time";
import { useTimeAxis } from "./time-axis";

export function RangePicker({ presets }: { presets: TPreset[] }) {
  const { domain, tz } = useTimeAxis();
  // Re-mount the fields whenever the range or zone changes elsewhere (zoom, back, toggle).
  return <RangeFields key={`${domain.from}-${domain.to}-${tz}`} presets={presets} />;
}

function RangeFields({ presets }: { presets: TPreset[] }) {
  const { domain, tz, setRange } = useTimeAxis();
  const [from, setFrom] = useState(formatInstant(domain.from, tz));
  const [to, setTo] = useState(formatInstant(domain.to, tz));
  const [error, setError] = useState<string | null>(null);
  const dirty = from !== formatInstant(domain.from, tz) || to !== formatInstant(domain.to, tz);
  // Leaving the fields applies an edit; moving between From and To does not (yet).
  const onBlur = (e: FocusEvent<HTMLInputElement>) => {
    const form = e.currentTarget.form;
    if (dirty && form && !form.contains(e.relatedTarget as Node | null)) form.requestSubmit();
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const f = parseTypedTime(from, tz);
    const t = parseTypedTime(to, tz);
    if (f === null || t === null) return setError(`Not a time: ${f === null ? from : to}`);
    if (t <= f) return setError("The end must be after the start.");
    setError(null);
    if (!dirty) return;
    setRange({ from: f, to: t });
  }

  return (
    <form className="tl-range" onSubmit={submit} aria-label="Time range">
      <input className="mono" value={from} onChange={(e) => setFrom(e.target.value)} onBlur={onBlur} aria-label="From" size={21} aria-invalid={!!error} />
      <span className="muted">→</span>
      <input className="mono" value={to} onChange={(e) => setTo(e.target.value)} onBlur={onBlur} aria-label="To" size={21} aria-invalid={!!error} />
      <span className="muted tl-zone">{zoneLabel(tz)}</span>
      <button type="submit" hidden>Apply</button>
      <select
        value=""
        aria-label="Range presets"
        onChange={(e) => {
          const p = presets.find((x) => x.id === e.target.value);
          if (p) setRange(p.range);
        }}
      >
        <option value="">Presets…</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>{p.label}</option>
        ))}
      </select>
      {error && <span className="error-text" role="alert">{error}</span>}
    </form>
  );
}
