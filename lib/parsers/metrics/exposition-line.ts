// One line of the Prometheus 0.0.4 / OpenMetrics 1.0 text exposition: `name{l="v",…} value [ts]
// [# exemplar]`. Also used for Grafana legends, which print series as `name{l="v"}`.

export interface ExpositionSample {
  /** The line up to the end of the label set: the same text is the same series. */
  series: string;
  name: string;
  /** Index of the "{" opening the label set, or -1 without labels. */
  labelsAt: number;
  value: string;
  timestamp: string | null;
}

const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', n: "\n" };

/** Parses `{k="v",…}` at text[start] === "{". Empty values are dropped (Prometheus: empty label = absent). */
export function parseLabelSet(text: string, start: number): { labels: Record<string, string>; end: number } | { error: string } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  // The next backslash is looked up once and reused until passed: searching anew for every value
  // made a line of many labels cost quadratic time.
  let slash = -2;
  const skipSpace = () => {
    while (text[i] === " " || text[i] === "\t") i++;
  };
  for (;;) {
    skipSpace();
    if (text[i] === "}") return { labels, end: i + 1 };
    LABEL_NAME.lastIndex = i;
    const m = LABEL_NAME.exec(text);
    if (!m) return { error: `expected a label name or "}" at column ${i + 1}` };
    i += m[0].length;
    skipSpace();
    if (text[i] !== "=") return { error: `expected "=" after label ${m[0]}` };
    i++;
    skipSpace();
    if (text[i] !== '"') return { error: `label ${m[0]}: value is not quoted` };
    let value = "";
    for (i++; ; ) {
      const quote = text.indexOf('"', i);
      if (slash !== -1 && slash < i) slash = text.indexOf("\\", i);
      if (quote === -1) return { error: `label ${m[0]}: unterminated value` };
      if (slash === -1 || slash > quote) {
        value += text.slice(i, quote);
        i = quote + 1;
        break;
      }
      const next = text[slash + 1] ?? "";
      value += text.slice(i, slash) + (ESCAPES[next] ?? `\\${next}`);
      i = slash + 2;
    }
    if (Object.hasOwn(labels, m[0])) return { error: `label ${m[0]} appears twice` };
    if (value !== "") labels[m[0]] = value;
    skipSpace();
    if (text[i] === ",") i++;
    else if (text[i] !== "}") return { error: `expected "," or "}" after label ${m[0]}` };
  }
}

function nameLength(line: string): number {
  let i = 0;
  for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
    if (!letter && !(i > 0 && c >= 48 && c <= 57)) break;
  }
  return i;
}

/** Index just past the "}" that closes the label set opened at `start`, skipping quoted values; -1 if none. */
function labelSetEnd(line: string, start: number): number {
  let i = start + 1;
  let close = -2; // reused until passed, like the backslash in parseLabelSet
  for (;;) {
    const quote = line.indexOf('"', i);
    if (close !== -1 && close < i) close = line.indexOf("}", i);
    if (close === -1) return -1;
    if (quote === -1 || close < quote) return close + 1;
    let j = quote + 1;
    for (;;) {
      const end = line.indexOf('"', j);
      if (end === -1) return -1;
      let slashes = 0;
      while (line[end - 1 - slashes] === "\\") slashes++;
      j = end + 1;
      if (slashes % 2 === 0) break;
    }
    i = j;
  }
}

const isBlank = (c: string | undefined) => c === " " || c === "\t";

/**
 * Splits a sample line (already known not to be a `#` line) into series text, value and timestamp;
 * the labels are left to parseLabelSet so that callers can cache them per series text.
 */
export function parseExpositionLine(line: string): ExpositionSample | { error: string } {
  const n = nameLength(line);
  if (n === 0) return { error: "not a metric sample: expected a metric name" };
  let end = n;
  if (line[n] === "{") {
    end = labelSetEnd(line, n);
    if (end === -1) {
      const set = parseLabelSet(line, n);
      return { error: "error" in set ? set.error : "label set is not closed" };
    }
  }
  if (!isBlank(line[end])) return { error: `unexpected ${JSON.stringify(line.slice(end, end + 20))} after the metric name` };
  const tokens: string[] = [];
  for (let i = end; i < line.length; ) {
    while (isBlank(line[i])) i++;
    if (i >= line.length || line[i] === "#") break; // an OpenMetrics exemplar follows
    let j = i;
    while (j < line.length && !isBlank(line[j])) j++;
    const token = line.slice(i, j);
    if (tokens.length === 2) return { error: `unexpected ${JSON.stringify(token)} after the timestamp` };
    tokens.push(token);
    i = j;
  }
  if (tokens.length === 0) return { error: "no value" };
  return { series: line.slice(0, end), name: line.slice(0, n), labelsAt: end === n ? -1 : n, value: tokens[0]!, timestamp: tokens[1] ?? null };
}
