// `unbound-control stats` / `stats_noreset` output, streamed: `name=value` lines, one dump after
// another. `time.now` (epoch seconds) stamps its whole dump but is printed in the middle of it, so
// each dump is buffered (a few hundred lines) until a key repeats (next dump) or the file ends.
// Keys are kept verbatim as metric names (`total.requestlist.current.all`).
import { LineSplitter } from "../line-splitter";
import { parseEpoch } from "../time";
import type { FormatInfo, StreamParser } from "../types";
import { MetricEmitter } from "./metric-emitter";
import type { MetricSink } from "./metric-sink";
import { parseSampleValue } from "./sample-value";
import { headLines } from "./sniff-text";

const LINE = /^([A-Za-z][\w.\-]*)=(.*)$/;

export const unboundStatsFormat: FormatInfo = {
  kind: "unbound-stats",
  label: "Unbound unbound-control stats",
  sniff(head) {
    const lines = headLines(head, 20).filter((l) => !l.startsWith("#"));
    return lines.length > 0 && lines.every((l) => LINE.test(l.trim())) && lines.some((l) => /^(thread\d+|total|time)\./.test(l));
  },
};

/** Documented units: times in seconds, memory in bytes; counters and gauges have none. */
function unitOf(key: string): string | null {
  if (key === "time.up" || key === "time.elapsed" || /\.recursion\.time\.(avg|median)$/.test(key)) return "seconds";
  return key.startsWith("mem.") ? "bytes" : null;
}

export function createUnboundStatsParser(sink: MetricSink): StreamParser {
  const emit = new MetricEmitter(sink);
  let dump = new Map<string, { raw: string; line: number }>();

  const flush = () => {
    if (dump.size === 0) return;
    const lines = [...dump.values()].map((e) => e.line);
    const span = `lines ${Math.min(...lines)}–${Math.max(...lines)}`;
    const now = dump.get("time.now");
    const time = now ? parseEpoch(now.raw, "s") : null;
    if (!time?.ok) {
      const why = now ? `time.now=${now.raw} is not epoch seconds` : "it has no time.now";
      emit.reject({ line: lines[0]!, message: `dump at ${span}: ${why}, so its ${dump.size} values cannot be placed in time` });
      dump = new Map();
      return;
    }
    if (time.warning) emit.warnOnce("time", { line: now!.line, message: `time.now: ${time.warning}` });
    const up = Number(dump.get("time.up")?.raw);
    const elapsed = Number(dump.get("time.elapsed")?.raw);
    if (elapsed < up - 1) {
      emit.warnOnce("reset", {
        line: now!.line,
        message: `time.elapsed (${elapsed} s) < time.up (${up} s): counters were reset since start (plain "stats" resets them); values are per interval, kept as printed`,
      });
    }
    for (const [key, { raw, line }] of dump) {
      if (key === "time.now") continue;
      const series = { name: key, labels: {}, unit: unitOf(key) };
      const value = parseSampleValue(raw);
      if (value === null) emit.rejectPoint(series, line, `value ${JSON.stringify(raw)} is not a number`);
      else emit.point(series, time.ms, value, line, raw);
    }
    dump = new Map();
  };

  const splitter = new LineSplitter((raw, line) => {
    const text = raw.trim();
    if (text === "" || text.startsWith("#")) return;
    const m = LINE.exec(text);
    if (!m) return emit.reject({ line, message: "not a name=value line" });
    if (dump.has(m[1]!)) flush();
    dump.set(m[1]!, { raw: m[2]!.trim(), line });
  }, emit);
  return {
    write: (chunk) => splitter.write(chunk),
    end() {
      splitter.end();
      flush();
      emit.finish();
    },
  };
}
