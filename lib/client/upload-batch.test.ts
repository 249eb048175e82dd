import { describe, expect, it } from "vitest";
import type { TUpload } from "@/lib/schemas/upload";
import { batchOutcome, fileState, liveUploads, sentPerFile } from "./upload-batch";

const upload = (id: string, filename: string, size: number, patch: Partial<TUpload> = {}): TUpload => ({
  id, incidentId: "i", filename, kind: "pcap", status: "ingesting", size, sha256: id, rowsParsed: 0, rowsRejected: 0,
  timeRange: { from: null, to: null }, errors: [], source: null, failure: null, createdAt: 0, finishedAt: null, duplicate: false, packets: null, encapsulations: null, gaps: null, fields: null, clockOffsetMs: 0, timeZone: null, ...patch,
});

describe("sentPerFile", () => {
  // Two files of 100 and 300 bytes in a 500-byte body: 50 bytes of headers before each.
  const sizes = [100, 300];
  it("attributes the body's progress to files by their offsets", () => {
    expect(sentPerFile(0, 500, sizes)).toEqual([0, 0]);
    expect(sentPerFile(50, 500, sizes)).toEqual([0, 0]);
    expect(sentPerFile(100, 500, sizes)).toEqual([50, 0]);
    expect(sentPerFile(150, 500, sizes)).toEqual([100, 0]);
    expect(sentPerFile(200, 500, sizes)).toEqual([100, 0]);
    expect(sentPerFile(350, 500, sizes)).toEqual([100, 150]);
    expect(sentPerFile(500, 500, sizes)).toEqual([100, 300]);
  });
  it("copes with a total smaller than the files (length not computable) and no files", () => {
    expect(sentPerFile(250, 400, sizes)).toEqual([100, 150]);
    expect(sentPerFile(10, 10, [])).toEqual([]);
  });
});

describe("liveUploads", () => {
  it("takes only rows written since the batch began, each once, by name and size", () => {
    const files = [{ filename: "a.pcap", size: 10 }, { filename: "a.pcap", size: 10 }, { filename: "b.pcap", size: 5 }];
    const rows = [upload("old", "a.pcap", 10, { status: "ready" }), upload("n1", "a.pcap", 10), upload("n2", "a.pcap", 10), upload("n3", "b.pcap", 6)];
    expect(liveUploads(files, rows, new Set(["old"])).map((u) => u?.id)).toEqual(["n1", "n2", undefined]);
  });
});

describe("batchOutcome", () => {
  const files = [{ filename: "a.pcap", size: 1 }, { filename: "notes.txt", size: 1 }];
  it("maps the uploads of the answer to the files in order", () => {
    const uploads = [upload("1", "a.pcap", 1, { status: "ready" }), upload("2", "notes.txt", 1, { status: "failed" })];
    expect(batchOutcome(201, { uploads }, files)).toEqual({ kind: "files", uploads });
  });
  it("turns a refused request into one message for every file, naming the unreadable ones", () => {
    const body = {
      error: { code: "unsupported_format", message: "Hindsight cannot read notes.txt (not a known evidence format). Nothing was stored.", details: { files: [{ filename: "notes.txt", reason: "x" }] } },
    };
    const outcome = batchOutcome(422, body, files);
    expect(outcome).toEqual({ kind: "refused", code: "unsupported_format", message: body.error.message, named: ["notes.txt"], stored: "nothing" });
    const states = files.map((f, i) => fileState(f, i, "settled", 1, undefined, outcome));
    expect(states.map((s) => s.state === "refused" && [s.message, s.named])).toEqual([[body.error.message, false], [body.error.message, true]]);
  });
  it("says nothing was stored after a 4xx, and that part may have been after a 5xx or an unreadable body", () => {
    const bad = batchOutcome(400, { error: { code: "unknown_kind", message: 'Unknown kind "x".' } }, files);
    expect(bad).toMatchObject({ message: 'Unknown kind "x". Nothing of this batch was stored.', stored: "nothing" });
    expect(batchOutcome(500, { error: { code: "internal", message: "Boom." } }, files)).toMatchObject({ stored: "unknown", message: expect.stringMatching(/^Boom\. Some files .* may have been stored/) });
    expect(batchOutcome(201, null, files)).toMatchObject({ stored: "unknown", message: expect.stringMatching(/could not read/) });
  });
});

describe("fileState", () => {
  const f = { filename: "a.pcap", size: 100 };
  it("goes sending → sent → waiting → ingesting → ready", () => {
    expect(fileState(f, 0, "sending", 40, undefined, undefined)).toEqual({ state: "sending", sent: 40 });
    expect(fileState(f, 0, "sending", 100, undefined, undefined)).toEqual({ state: "sent" });
    expect(fileState(f, 0, "processing", 100, undefined, undefined)).toEqual({ state: "waiting" });
    const live = upload("1", "a.pcap", 100);
    expect(fileState(f, 0, "processing", 100, live, undefined)).toEqual({ state: "ingesting", upload: live });
    const done = { ...live, status: "ready" as const };
    expect(fileState(f, 0, "processing", 100, done, undefined).state).toBe("ready");
    expect(fileState(f, 0, "settled", 100, live, { kind: "files", uploads: [{ ...done, duplicate: true }] }).state).toBe("duplicate");
  });
});
