// Sample values written as text (Prometheus API strings, exposition lines, CSV cells). Accepts
// decimal and exponent notation plus the special spellings Prometheus/Go emit for NaN and ±Inf;
// the caller decides what to do with non-finite results (MetricEmitter rejects them).

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: NaN,
  inf: Infinity,
  "+inf": Infinity,
  "-inf": -Infinity,
  infinity: Infinity,
  "+infinity": Infinity,
  "-infinity": -Infinity,
};

/** The number written in `text`, NaN/±Inf included; null when it is not a number at all. */
export function parseSampleValue(text: string): number | null {
  if (DECIMAL.test(text)) return Number(text);
  const special = SPECIAL[text.toLowerCase()];
  return special === undefined ? null : special;
}

/** True when an integer written in `text` is beyond float64's exact range and was rounded. */
export function isLossyInteger(text: string, value: number): boolean {
  return text.length > 15 && !Number.isSafeInteger(value) && /^[+-]?\d+$/.test(text);
}
