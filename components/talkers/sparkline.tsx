// A row's shape over the range, small enough for a table cell.
export function Sparkline({ values, width = 64, height = 16 }: { values: number[]; width?: number; height?: number }) {
  const max = Math.max(...values, 0);
  if (values.length < 2 || max <= 0) return <svg className="sparkline" width={width} height={height} aria-hidden />;
  const x = (i: number) => (i / (values.length - 1)) * width;
  const y = (v: number) => height - 1 - (v / max) * (height - 2);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.2} />
    </svg>
  );
}
