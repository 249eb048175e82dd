"use client";

import { useState, type FormEvent } from "react";
import type { TFlowsPanel } from "@/lib/timeline/view-state";

type Filters = TFlowsPanel["filters"];

/** Source/destination (IP or CIDR), port and interface; applied on Enter or Apply. */
export function FlowFilters({ filters, onApply }: { filters: Filters; onApply: (f: Filters) => void }) {
  const [draft, setDraft] = useState({ src: filters.src ?? "", dst: filters.dst ?? "", port: filters.port?.toString() ?? "", iface: filters.iface ?? "" });
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  const portOk = draft.port.trim() === "" || /^\d{1,5}$/.test(draft.port.trim());

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!portOk) return;
    const clean = (v: string) => v.trim() || undefined;
    onApply({ src: clean(draft.src), dst: clean(draft.dst), port: draft.port.trim() ? Number(draft.port) : undefined, iface: clean(draft.iface) });
  }

  return (
    <form className="tl-filters" onSubmit={submit} aria-label="Flow filters">
      <label>
        Source
        <input value={draft.src} onChange={set("src")} placeholder="10.0.0.0/8" size={16} className="mono" />
      </label>
      <label>
        Destination
        <input value={draft.dst} onChange={set("dst")} placeholder="IP or CIDR" size={16} className="mono" />
      </label>
      <label>
        Port
        <input value={draft.port} onChange={set("port")} placeholder="53" size={6} className="mono" aria-invalid={!portOk} />
      </label>
      <label>
        Interface
        <input value={draft.iface} onChange={set("iface")} placeholder="eni-…" size={14} className="mono" />
      </label>
      <button type="submit" className="tl-small" disabled={!portOk}>Apply</button>
      <button
        type="button"
        className="tl-small"
        onClick={() => {
          setDraft({ src: "", dst: "", port: "", iface: "" });
          onApply({});
        }}
      >
        Clear
      </button>
    </form>
  );
}
