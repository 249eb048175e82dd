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
  const { readOnly, locked, slug, edit } = useReadOnly();
  const [copied, setCopied] = useState(false);
  const { data } = useQuery({
    queryKey: ["permalink", slug],
    queryFn: () => apiFetch<TPermalink>(`/api/permalinks/${slug}`),
    enabled: readOnly,
    staleTime: Infinity,
  });
  if (locked) return <LockedBanner />;
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

/** For a viewer or a share-link visitor: why nothing here can be changed, and who can. */
function LockedBanner() {
  return (
    <div className="pl-banner" role="region" aria-label="Read-only" data-testid="read-only-banner">
      <span className="pl-tag">Read-only</span>
      <span className="muted">You can look around, zoom and hover; changing this incident needs an editor&apos;s role (ask its owner).</span>
    </div>
  );
}
