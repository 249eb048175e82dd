// AWS VPC flow records exported from CloudWatch Logs:
//  (a) `aws logs filter-log-events` / `get-log-events` JSON ({"events":[{logStreamName, timestamp,
//      message, ingestionTime, eventId}], "nextToken": …}), several documents concatenated, a bare
//      array of events, or JSON lines of events (subscription `logEvents` envelopes work too);
//  (b) CreateExportTask text: `<ISO-8601 timestamp> <message>` per line;
//  (c) the same records as Firehose delivers them, `{"message": "<record>"}` per line or
//      concatenated, and CloudWatch Logs subscription payloads (`{"messageType": "DATA_MESSAGE",
//      …, "logEvents": [{id, timestamp, message}]}`), whose control messages are skipped and counted.
// Messages carry no header: their layout is `options.fields`, else the standard layout the first
// message fits (vpc-layouts.ts). The record's own start/end are used, never the event time. JSON is streamed record by record
// (JsonObjectStream), so a large export is never held or parsed whole.
import type { FlowSink } from "./flow-record";
import { firstSignificantByte, headLines, headText, isObject, parseIsoMs } from "./flow-util";
import { JsonObjectStream } from "./json-object-stream";
import { LineSplitter } from "./line-splitter";
import type { FormatInfo, StreamParser } from "./types";
import { HeaderlessVpcRecords, standardLayoutOf } from "./vpc-layouts";
import { VpcRecordDecoder, looksLikeVpcRecord, type VpcFlowOptions } from "./vpc-record";

const ENVELOPE_KEYS = ["events", "logEvents"];
const EXPORT_TIME = /^\d{4}-\d\d-\d\dT\S+$/;
const MESSAGES = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
/** What a subscription's CONTROL_MESSAGE payload carries instead of records (a destination health check). */
const CONTROL_MESSAGE = "CWL CONTROL MESSAGE";

/** The ENI of a flow-log stream name (`eni-0123…-all`), used when the record has no interface-id. */
const streamInterface = (stream: unknown) =>
  typeof stream === "string" ? (/^eni-[0-9a-f]+/.exec(stream)?.[0] ?? null) : null;

/** Offset of the message in a CreateExportTask line (after its timestamp), or 0 when there is none. */
function exportMessageStart(line: string): number {
  const space = line.indexOf(" ");
  return space > 0 && EXPORT_TIME.test(line.slice(0, space)) ? space + 1 : 0;
}

/** The first message of the head that is not a control message, or null. */
function firstMessage(text: string): string | null {
  for (const m of text.matchAll(MESSAGES)) {
    try {
      const message = JSON.parse(`"${m[1]}"`) as string;
      if (!message.startsWith(CONTROL_MESSAGE)) return message;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * CloudWatch's own keys make any flow-record-like message enough; a bare `{"message": …}` (Firehose)
 * must fit a standard layout, since other JSON logs have messages too.
 */
function sniffJson(text: string): boolean {
  const message = firstMessage(text);
  if (message === null) return false;
  if (/"(logStreamName|ingestionTime|eventId|logEvents|messageType)"\s*:/.test(text)) return looksLikeVpcRecord(message);
  return standardLayoutOf(message) !== null;
}

/** With the user's field list: a JSON head whose first message decodes in it. */
export function sniffCloudWatchFlowWithFields(head: Uint8Array, fields: readonly string[]): boolean {
  const first = firstSignificantByte(head);
  const message = first === 0x7b || first === 0x5b ? firstMessage(headText(head)) : null;
  if (message === null) return false;
  let ok = false;
  new VpcRecordDecoder(fields, { flow: () => (ok = true), gap: () => (ok = true), reject() {} }).decode(message, 0, message.length, 1, null);
  return ok;
}

export const cloudwatchFlowFormat: FormatInfo = {
  kind: "aws-vpc-flow-cloudwatch",
  label: "AWS VPC flow logs (CloudWatch Logs export, Firehose JSON)",
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
  const decoder = new HeaderlessVpcRecords(sink, options.fields);
  let controlMessages = 0;
  const json = (): StreamParser =>
    new JsonObjectStream(
      (event, line) => {
        if (!isObject(event) || typeof event.message !== "string") {
          return sink.reject({ line, message: "log event has no message string" });
        }
        if (event.message.startsWith(CONTROL_MESSAGE)) return void controlMessages++;
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
      if (controlMessages) {
        sink.note?.({ line: 0, message: `${controlMessages} CloudWatch Logs control message(s) skipped: subscription health checks, not flow records` });
      }
    },
  };
}
