// JSON exports (Prometheus/Datadog/CloudWatch API responses, kubectl event lists) are bounded by
// the APIs that produce them (e.g. 11,000 points per Prometheus series, 100,800 datapoints per
// GetMetricData call), so they are buffered and parsed whole at end() instead of streamed.
import type { ParseIssue, StreamParser } from "../types";

export type JsonRecord = Record<string, unknown>;

export const isRecord = (v: unknown): v is JsonRecord => typeof v === "object" && v !== null && !Array.isArray(v);

/** Buffers the whole file and hands its text (BOM stripped) to `onText` at end(). */
export function collectText(onText: (text: string) => void): StreamParser {
  const chunks: Buffer[] = [];
  return {
    write(chunk) {
      chunks.push(Buffer.from(chunk));
    },
    end() {
      const text = Buffer.concat(chunks).toString("utf8");
      chunks.length = 0;
      onText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    },
  };
}

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < position; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

function syntaxIssue(text: string, error: unknown, firstLine: number): ParseIssue {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  return { line: pos ? firstLine + lineAt(text, Number(pos[1])) - 1 : firstLine, message: `not valid JSON: ${message}` };
}

/** One JSON document; the issue carries the line of the syntax error when the engine reports it. */
export function parseJsonDocument(text: string): { ok: true; value: unknown } | { ok: false; issue: ParseIssue } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, issue: syntaxIssue(text, error, 1) };
  }
}

export interface JsonValueAt {
  value: unknown;
  /** Line where the value starts (1-based). */
  line: number;
}

/**
 * A single document, JSON Lines, or concatenated pretty-printed values (`kubectl get -w -o json`).
 * A broken value is reported and skipped; scanning resumes after it.
 */
export function parseJsonValues(text: string): { values: JsonValueAt[]; issues: ParseIssue[] } {
  const whole = parseJsonDocument(text);
  if (whole.ok) return { values: [{ value: whole.value, line: lineAt(text, text.search(/\S/)) }], issues: [] };
  const values: JsonValueAt[] = [];
  const issues: ParseIssue[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (c === 10 || c === 13 || c === 32 || c === 9) {
      i++;
      continue;
    }
    const start = i;
    const startLine = line;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "\n") line++;
      if (inString) {
        if (ch === "\\") i++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        if (--depth === 0) break;
      } else if (depth === 0 && ch === "\n") break;
    }
    if (depth > 0) {
      issues.push({ line: startLine, message: "not valid JSON: value is never closed; skipped to the next line" });
      const nl = text.indexOf("\n", start);
      if (nl === -1) break;
      i = nl + 1;
      line = startLine + 1;
      continue;
    }
    const slice = text.slice(start, i + 1);
    i++;
    try {
      values.push({ value: JSON.parse(slice), line: startLine });
    } catch (error) {
      issues.push(syntaxIssue(slice, error, startLine));
    }
  }
  return { values, issues };
}
