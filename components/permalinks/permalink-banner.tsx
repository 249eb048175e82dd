"use client";

// Above a page opened from a permalink: whose view this is, when it was pinned, and the way out of
// read-only mode.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { formatDateTime } from "@/lib/format";
import type { TPermalink } from "@/lib/schemas/permalink";
import { useReadOnly } from "./read-only";

export function PermalinkBanner() {
  const { readOnly, slug, edit } = useReadOnly();
  const [copied, setCopied] = useState(false);
  const { data } = useQuery({
    queryKey: ["permalink", slug],
    queryFn: () => apiFetch<TPermalink>(`/api/permalinks/${slug}`),
    enabled: readOnly,
    staleTime: Infinity,
  });
  if (!readOnly || !slug) return null;
  const copy = () => void navigator.clipboard?.writeText(new URL(`/p/${slug}`, window.location.origin).toString()).then(() => setCopied(true), () => {});
  return (
    <div className="pl-banner" role="region" aria-label="Shared view" data-testid="permalink-banner">
      <span className="pl-tag">Shared view</span>
      <span>
        <span className="mono">/p/{slug}</span>
        {data && (
          <span className="muted">
            {" "}· pinned by <strong>{data.author ?? "anonymous"}</strong> on {formatDateTime(data.createdAt)} UTC
          </span>
        )}
        <span className="muted"> · read-only: zoom and hover freely, nothing you do here changes the incident.</span>
      </span>
      <span className="grow" />
      <button type="button" onClick={copy}>{copied ? "Copied" : "Copy link"}</button>
      <button type="button" className="primary" onClick={edit}>Edit</button>
    </div>
  );
}
