// Helpers for sniffers: they see the first ≤64 KiB of a file, which may end mid-line or be binary.

/** The head as text (BOM stripped). Binary heads decode to replacement characters, which no sniffer accepts. */
export function headText(head: Uint8Array): string {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Up to `max` complete non-blank lines (CR stripped); a trailing partial line is left out unless it is the only one. */
export function headLines(head: Uint8Array, max: number): string[] {
  const text = headText(head);
  const lines = text.split("\n");
  if (lines.length > 1 && !text.endsWith("\n")) lines.pop();
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") continue;
    out.push(line);
    if (out.length === max) break;
  }
  return out;
}

/** The head looks like a JSON object or array and contains every pattern. */
export function jsonHeadHas(head: Uint8Array, ...patterns: RegExp[]): boolean {
  const text = headText(head).trimStart();
  return (text.startsWith("{") || text.startsWith("[")) && patterns.every((p) => p.test(text));
}

const FLOW_COLUMNS = new Set(["srcaddr", "dstaddr", "srcport", "dstport", "src_ip", "dst_ip", "dest_ip", "pkt_srcaddr", "pkt-srcaddr", "ip.src", "ip.dst"]);

/** A CSV header that names flow/packet address columns belongs to the flow and capture parsers. */
export function isFlowHeader(names: readonly string[]): boolean {
  return names.some((n) => FLOW_COLUMNS.has(n.trim().toLowerCase()));
}
