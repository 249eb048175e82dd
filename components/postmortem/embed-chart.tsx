"use client";
// A compact, read-only chart of one embedded panel: stacked areas for counts (flows, packets),
// lines for latencies and metrics.
import { Area, CartesianGrid, ComposedChart, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TEmbedKind } from "@/lib/postmortem/embed-panels";
import { utc } from "@/lib/postmortem/timeline-block";
import type { TSeriesColumns } from "@/lib/schemas/series";
import { seriesColor } from "@/components/timeline/palette";
import { isBaselineKey } from "@/lib/timeline/view/baseline";

const BASELINE_STROKE = "#8a94a0";

const clock = (t: number) => utc(t).slice(11);
const compact = (v: number) => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : String(+v.toFixed(2)));

export function EmbedChart({ kind, data }: { kind: TEmbedKind; data: TSeriesColumns }) {
  // Series that are zero everywhere only clutter a small chart.
  const series = data.series.filter((s) => s.values.some((v) => v !== null && v !== 0));
  if (series.length === 0) return <p className="muted pm-embed-empty">No data in this range.</p>;
  const rows = chartRows(data, series);
  const axes = [
    <CartesianGrid key="g" strokeDasharray="3 3" stroke="#e6e9ed" />,
    <XAxis key="x" dataKey="t" type="number" domain={[data.from, data.to]} tickFormatter={clock} fontSize={11} minTickGap={40} />,
    <YAxis key="y" width={44} tickFormatter={compact} fontSize={11} />,
    <Tooltip key="tt" labelFormatter={(t) => `${utc(Number(t))} UTC`} />,
  ];
  const stacked = kind === "flows" || kind === "packets";
  return (
    <div className="pm-embed-chart" data-series={series.length}>
      <ResponsiveContainer width="100%" height={170}>
        {stacked ? (
          <ComposedChart data={rows}>
            {axes}
            {series.map((s, i) =>
              isBaselineKey(s.key) ? (
                <Line key={s.key} dataKey={s.key} name={s.label} type="stepAfter" dot={false} isAnimationActive={false} stroke={BASELINE_STROKE} strokeDasharray="4 3" />
              ) : (
                <Area key={s.key} dataKey={s.key} name={s.label} stackId="1" type="stepAfter" isAnimationActive={false} stroke={seriesColor(s.key, "light", i)} fill={seriesColor(s.key, "light", i)} fillOpacity={0.5} />
              ),
            )}
          </ComposedChart>
        ) : (
          <LineChart data={rows}>
            {axes}
            {series.map((s, i) => (
              <Line key={s.key} dataKey={s.key} name={s.label} dot={false} connectNulls={false} isAnimationActive={false} stroke={isBaselineKey(s.key) ? BASELINE_STROKE : seriesColor(s.key, "light", i)} strokeDasharray={isBaselineKey(s.key) ? "4 3" : undefined} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
      <ul className="pm-embed-legend">
        {series.map((s, i) => (
          <li key={s.key}>
            <span style={{ background: isBaselineKey(s.key) ? BASELINE_STROKE : seriesColor(s.key, "light", i) }} aria-hidden /> {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Recharts' Area, Line and Tooltip read their data as one object per time: the only place the
 * columns become rows (at most EMBED_MAX_POINTS of them). In a raw answer a null is a time at
 * which that series has no sample, so it is left out rather than drawn as a gap.
 */
function chartRows(data: TSeriesColumns, series: TSeriesColumns["series"]): Array<Record<string, number | null>> {
  return data.t.map((t, i) => {
    const row: Record<string, number | null> = { t };
    for (const s of series) {
      const v = s.values[i] ?? null;
      if (v !== null || !data.raw) row[s.key] = v;
    }
    return row;
  });
}
