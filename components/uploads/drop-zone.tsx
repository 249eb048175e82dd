"use client";

import { useRef, useState, type DragEvent } from "react";

/** A drop target that is also a keyboard-reachable file picker. */
export function DropZone({ onFiles }: { onFiles: (files: File[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length) onFiles(files);
  }

  return (
    <div
      className={over ? "dropzone over" : "dropzone"}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <div>
        <strong>Drop evidence files here</strong> or{" "}
        <button type="button" className="link" onClick={() => input.current?.click()}>
          choose files
        </button>
      </div>
      <div className="muted" style={{ fontSize: 12 }}>
        VPC flow logs (AWS, CloudWatch, Athena CSV, GCP), packet captures (pcap, pcapng, snoop, tcpdump/tshark text), metric
        exports, Kubernetes events and deploy markers — plain, gzip, zstd or LZ4, detected by content. Files dropped together go in one
        request, so rotated captures are read as one timeline.
      </div>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="upload-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}
