import { formatCount } from "@/lib/format";
import type { TUpload } from "@/lib/schemas/upload";

/** A capture upload's packet accounting: how many were decoded, which were set aside and why. */
export function PacketAccounting({ upload }: { upload: Pick<TUpload, "packets" | "encapsulations"> }) {
  const p = upload.packets;
  if (!p) return null;
  const setAside = p.total - p.decoded;
  return (
    <div className="muted" style={{ fontSize: 12 }} data-testid="packet-accounting">
      {formatCount(p.decoded)} of {formatCount(p.total)} packets decoded
      {setAside > 0 && (
        <span className="error-text">
          {" "}· {formatCount(setAside)} set aside: {p.setAside.map((r) => `${r.reason} (${formatCount(r.count)})`).join(", ")}
        </span>
      )}
      {upload.encapsulations && upload.encapsulations.length > 0 && (
        <> · inside {upload.encapsulations.map((e) => `${e.name} (${formatCount(e.count)})`).join(", ")}</>
      )}
    </div>
  );
}
