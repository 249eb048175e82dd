"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { uploadFile } from "@/lib/client/upload-file";
import type { TUpload } from "@/lib/schemas/upload";

export interface Transfer {
  key: string;
  filename: string;
  size: number;
  sent: number;
  state: "sending" | "ingesting" | "done" | "error";
  result?: TUpload;
  error?: string;
}

/** Uploads dropped files one request each, tracking bytes sent and the server's answer. */
export function useFileUploads(incidentId: string) {
  const queryClient = useQueryClient();
  const [transfers, setTransfers] = useState<Transfer[]>([]);

  const update = useCallback((key: string, patch: Partial<Transfer>) => {
    setTransfers((all) => all.map((t) => (t.key === key ? { ...t, ...patch } : t)));
  }, []);

  const send = useCallback(
    (files: File[], fields: Record<string, string> = {}) => {
      for (const file of files) {
        const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
        setTransfers((all) => [...all, { key, filename: file.name, size: file.size, sent: 0, state: "sending" }]);
        const { promise } = uploadFile(`/api/incidents/${incidentId}/uploads`, file, fields, (sent, total) =>
          update(key, { sent, state: sent >= total ? "ingesting" : "sending" }),
        );
        promise
          .then(({ status, body }) => {
            const result: TUpload | undefined = body?.uploads?.[0];
            if (status >= 400 && !result) update(key, { state: "error", error: body?.error?.message ?? `HTTP ${status}` });
            else update(key, { state: result?.status === "failed" ? "error" : "done", result, error: result?.failure ?? undefined });
          })
          .catch((e: Error) => update(key, { state: "error", error: e.message }))
          .finally(() => {
            void queryClient.invalidateQueries({ queryKey: ["uploads", incidentId] });
            void queryClient.invalidateQueries({ queryKey: ["evidence", incidentId] });
          });
      }
    },
    [incidentId, queryClient, update],
  );

  const dismiss = useCallback((key: string) => setTransfers((all) => all.filter((t) => t.key !== key)), []);
  return { transfers, send, dismiss };
}
