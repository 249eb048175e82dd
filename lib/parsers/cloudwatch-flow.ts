// AWS VPC flow records exported from CloudWatch Logs:
//  (a) `aws logs filter-log-events` / `get-log-events` JSON ({"events":[{logStreamName, timestamp,
//      message, ingestionTime, eventId}], "nextToken": …}), several documents concatenated, a bare
//      array of events, or JSON lines of events (subscription `logEvents` envelopes work too);
//  (b) CreateExportTask text: `<ISO-8601 timestamp> <message>` per line.
// Messages carry no header, so they use the default v2 layout unless `options.fields` is given. The
// record's own start/end are used, never the event time. JSON is streamed record by record
// (JsonObjectStream), so a large export is never held or parsed whole.
import type { FlowSink } from "./flow-record";
import { firstSignificantByte, headLines, headText, isObject, parseIsoMs } from "./flow-util";
import { JsonObjectStream } from "./json-object-stream";
import { LineSplitter } from "./line-splitter";
import type { FormatInfo, StreamParser } from "./types";
import { DEFAULT_V2_FIELDS, VpcRecordDecoder, looksLikeVpcRecord, type VpcFlowOptions } from "./vpc-record";

const ENVELOPE_KEYS = ["events", "logEvents"];
const EXPORT_TIME = /^\d{4}-\d\d-\d\dT\S+$/;
const FIRST_MESSAGE = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/** The ENI of a flow-log stream name (`eni-0123…-all`), used when the record has no interface-id. */
const streamInterface = (stream: unknown) =>
  typeof stream === "string" ? (/^eni-[0-9a-f]+/.exec(stream)?.[0] ?? null) : null;

/** Offset of the message in a CreateExportTask line (after its timestamp), or 0 when there is none. */
function exportMessageStart(line: string): number {
  const space = line.indexOf(" ");
  return space > 0 && EXPORT_TIME.test(line.slice(0, space)) ? space + 1 : 0;
}

function sniffJson(text: string): boolean {
  if (!/"message"\s*:/.test(text) || !/"(logStreamName|ingestionTime|eventId)"\s*:/.test(text)) return false;
  const m = FIRST_MESSAGE.exec(text);
  if (!m) return false;
  try {
    return looksLikeVpcRecord(JSON.parse(`"${m[1]}"`) as string);
  } catch {
    return false;
  }
}

export const cloudwatchFlowFormat: FormatInfo = {
  kind: "aws-vpc-flow-cloudwatch",
  label: "AWS VPC flow logs (CloudWatch Logs export)",
  sniff(head) {
    const first = firstSignificantByte(head);
    if (first === 0x7b || first === 0x5b) return sniffJson(headText(head));
    const lines = headLines(head, 5);
    return (
      lines.length > 0 &&
      lines.every((line) => {
        const at = exportMessageStart(line);
        return at > 0 && parseIsoMs(line.slice(0, at - 1)) !== null && looksLikeVpcRecord(line.slice(at));
      })
    );
  },
};

export function createCloudWatchFlowParser(sink: FlowSink, options: VpcFlowOptions = {}): StreamParser {
  const decoder = new VpcRecordDecoder(options.fields ?? DEFAULT_V2_FIELDS, sink);
  const json = (): StreamParser =>
    new JsonObjectStream(
      (event, line) => {
        if (!isObject(event) || typeof event.message !== "string") {
          return sink.reject({ line, message: "log event has no message string" });
        }
        decoder.decode(event.message, 0, event.message.length, line, streamInterface(event.logStreamName));
      },
      (issue) => sink.reject(issue),
      ENVELOPE_KEYS,
    );
  const text = (): StreamParser =>
    new LineSplitter((line, lineNumber) => decoder.decode(line, exportMessageStart(line), line.length, lineNumber, null), sink);

  // The layout is known from the first significant byte; until then the bytes are held back.
  let target: StreamParser | null = null;
  let pending: Buffer[] = [];
  return {
    write(chunk) {
      if (target) return target.write(chunk);
      pending.push(Buffer.from(chunk));
      const head = Buffer.concat(pending);
      const first = firstSignificantByte(head);
      if (first === -1) {
        pending = [head];
        return;
      }
      target = first === 0x7b || first === 0x5b ? json() : text();
      pending = [];
      target.write(head);
    },
    end() {
      target?.end();
    },
  };
}
