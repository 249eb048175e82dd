// InfluxDB line protocol grammar: `measurement[,tag=v…] field=v[,…] [timestamp]`. Commas, spaces
// and `=` in names and tag values are escaped with `\`; string field values are double-quoted with
// `\"` and `\\` escapes. Lines without escapes or strings (nearly all of them) take a split()-based
// fast path; the rest are scanned character by character.

export type InfluxField =
  | { type: "number"; text: string; value: number }
  | { type: "string" | "boolean" | "invalid"; text: string };

export interface InfluxPrefix {
  measurement: string;
  tags: Record<string, string>;
}

export interface InfluxLine extends InfluxPrefix {
  fields: Array<[string, InfluxField]>;
  timestamp: string | null;
}

type Error = { error: string };

const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+i$|^\d+u$/;
const BOOLEAN = /^(?:t|T|true|True|TRUE|f|F|false|False|FALSE)$/;
const TIMESTAMP = /^-?\d+$/;

function classify(text: string): InfluxField {
  if (FLOAT.test(text)) return { type: "number", text, value: Number(text) };
  if (INTEGER.test(text)) return { type: "number", text, value: Number(text.slice(0, -1)) };
  return { type: BOOLEAN.test(text) ? "boolean" : "invalid", text };
}

/** Index of the space that ends measurement and tags (the first one not escaped), or -1. */
export function prefixEnd(line: string): number {
  for (let i = line.indexOf(" "); i !== -1; i = line.indexOf(" ", i + 1)) {
    let slashes = 0;
    while (line[i - 1 - slashes] === "\\") slashes++;
    if (slashes % 2 === 0) return i;
  }
  return -1;
}

/** Scanner over `line` from `i` that reads tokens up to an unescaped stop character. */
function scanner(line: string, start: number) {
  const s = {
    i: start,
    token(stops: string): string {
      let out = "";
      for (; s.i < line.length; s.i++) {
        const c = line[s.i]!;
        const next = line[s.i + 1];
        if (c === "\\" && next !== undefined && (stops.includes(next) || next === "=" || next === " ")) out += line[++s.i];
        else if (stops.includes(c)) break;
        else out += c;
      }
      return out;
    },
  };
  return s;
}

/** Measurement and tags (the text before prefixEnd). */
export function parseInfluxPrefix(prefix: string): InfluxPrefix | Error {
  const tags: Record<string, string> = {};
  if (!prefix.includes("\\")) {
    const [measurement = "", ...pairs] = prefix.split(",");
    if (measurement === "") return { error: "no measurement name" };
    for (const pair of pairs) {
      const eq = pair.indexOf("=");
      if (eq === -1) return { error: `tag ${JSON.stringify(pair)} has no "=value"` };
      if (eq === 0 || eq === pair.length - 1) return { error: "empty tag key or value" };
      tags[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return { measurement, tags };
  }
  const s = scanner(prefix, 0);
  const measurement = s.token(",");
  if (measurement === "") return { error: "no measurement name" };
  while (prefix[s.i] === ",") {
    s.i++;
    const key = s.token("=,");
    if (prefix[s.i] !== "=") return { error: `tag ${JSON.stringify(key)} has no "=value"` };
    s.i++;
    const value = s.token(",");
    if (key === "" || value === "") return { error: "empty tag key or value" };
    tags[key] = value;
  }
  return { measurement, tags };
}

/** Field set and timestamp, starting at `start` (just after the prefix's space). */
export function parseInfluxFields(line: string, start: number): Pick<InfluxLine, "fields" | "timestamp"> | Error {
  const fields: Array<[string, InfluxField]> = [];
  let timestamp: string;
  const rest = line.slice(start).trim();
  if (!rest.includes('"') && !rest.includes("\\")) {
    const space = rest.lastIndexOf(" ");
    timestamp = space === -1 ? "" : rest.slice(space + 1);
    for (const pair of (space === -1 ? rest : rest.slice(0, space).trimEnd()).split(",")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) return { error: eq === 0 || pair === "" ? "no field set" : `field ${JSON.stringify(pair)} has no "=value"` };
      fields.push([pair.slice(0, eq), classify(pair.slice(eq + 1))]);
    }
  } else {
    const s = scanner(rest, 0);
    for (;;) {
      const key = s.token("=, ");
      if (rest[s.i] !== "=" || key === "") return { error: key ? `field ${JSON.stringify(key)} has no "=value"` : "no field set" };
      s.i++;
      if (rest[s.i] === '"') {
        let text = "";
        for (s.i++; s.i < rest.length && rest[s.i] !== '"'; s.i++) text += rest[s.i] === "\\" && /["\\]/.test(rest[s.i + 1] ?? "") ? rest[++s.i] : rest[s.i];
        if (rest[s.i] !== '"') return { error: `string field ${JSON.stringify(key)} is not closed` };
        s.i++;
        fields.push([key, { type: "string", text }]);
      } else fields.push([key, classify(s.token(", "))]);
      if (rest[s.i] !== ",") break;
      s.i++;
    }
    timestamp = rest.slice(s.i).trim();
  }
  if (timestamp !== "" && !TIMESTAMP.test(timestamp)) return { error: `timestamp ${JSON.stringify(timestamp)} is not an integer` };
  return { fields, timestamp: timestamp || null };
}

/** One non-comment line. */
export function parseInfluxLine(line: string): InfluxLine | Error {
  const end = prefixEnd(line);
  if (end === -1) return { error: "no field set: expected a space after the measurement and tags" };
  const prefix = parseInfluxPrefix(line.slice(0, end));
  if ("error" in prefix) return prefix;
  const rest = parseInfluxFields(line, end + 1);
  return "error" in rest ? rest : { ...prefix, ...rest };
}
