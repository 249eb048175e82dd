// A receipt can fail at any moment: before its file is opened, while it opens, or mid-write.
// Whenever it fails, nothing of it may stay in the blob store's tmp/ folder.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { blobRoot, receiveToTemp } from "@/lib/evidence/blob-store";

const tick = () => new Promise((resolve) => setImmediate(resolve));
const breakOff = [
  async (s: PassThrough) => s.destroy(new Error("gone")),
  async (s: PassThrough) => (await tick(), s.destroy(new Error("gone"))),
  async (s: PassThrough) => (s.write(Buffer.alloc(10)), process.nextTick(() => s.destroy(new Error("gone")))),
  async (s: PassThrough) => (await new Promise((r) => setTimeout(r, Math.random() * 2)), s.destroy(new Error("gone"))),
];

it("leaves no temp file behind, however early a receipt fails", async () => {
  let failed = 0;
  for (let i = 0; i < 3000; i++) {
    const source = new PassThrough();
    source.on("error", () => {});
    const receipt = receiveToTemp(source, `f${i}`);
    await breakOff[i % breakOff.length]!(source);
    await receipt.then(() => {}, () => failed++);
  }
  expect(failed).toBe(3000);
  expect(await readdir(path.join(blobRoot(), "tmp"))).toEqual([]);
}, 60_000);
