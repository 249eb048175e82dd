"use client";
// "Insert view": a permalink URL or slug from the timeline's Share button, or a new permalink
// of the incident's whole evidence window.
import { useState, type FormEvent } from "react";
import { slugFrom } from "@/lib/postmortem/embeds";
import { pmApi } from "./api";

export function InsertView({ incidentId, onInsert, onClose }: { incidentId: string; onInsert: (slug: string) => void; onClose: () => void }) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const slug = slugFrom(value);
    if (!slug) return setError("Paste a permalink URL (…/p/<slug>) or its slug.");
    onInsert(slug);
  };

  const currentWindow = async () => {
    setBusy(true);
    setError(null);
    try {
      const { range } = await pmApi.evidence(incidentId);
      if (!range) throw new Error("This incident has no evidence yet, so it has no window to show.");
      const { slug } = await pmApi.createPermalink(incidentId, `from=${range.from}&to=${range.to}`);
      onInsert(slug);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="pm-insert card row" onSubmit={submit} data-testid="insert-view">
      <label className="field grow">
        Permalink URL or slug (from the timeline&apos;s Share button)
        <input autoFocus value={value} onChange={(e) => setValue(e.target.value)} placeholder="https://…/p/Ab3dE6gH9k" />
      </label>
      <button type="submit" className="primary">
        Insert
      </button>
      <button type="button" onClick={currentWindow} disabled={busy}>
        {busy ? "Creating…" : "Current incident window"}
      </button>
      <button type="button" className="link" onClick={onClose}>
        Cancel
      </button>
      {error && <p className="error-text pm-insert-error">{error}</p>}
    </form>
  );
}
