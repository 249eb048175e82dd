"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { useLive } from "@/components/live/live-status";
import { fetchAllPages } from "@/lib/client/api";
import { batchOutcome, type BatchFile, type BatchOutcome, type BatchPhase } from "@/lib/client/upload-batch";
import { uploadFiles } from "@/lib/client/upload-files";
import { ZUploadList, type TUpload } from "@/lib/schemas/upload";

/** The files of one drop (or one picker selection), sent as one request. */
export interface UploadBatch {
  key: string;
  files: Array<BatchFile & { key: string }>;
  /** Upload ids that existed before the batch, so none of them is taken for one of its files. */
  known: ReadonlySet<string>;
  phase: BatchPhase;
  loaded: number;
  total: number;
  outcome?: BatchOutcome;
  dismissed: ReadonlySet<string>;
}

const uniqueKey = () => Math.random().toString(36).slice(2);

const listQuery = (incidentId: string) => ({
  queryKey: ["uploads", incidentId],
  queryFn: () => fetchAllPages<unknown>(`/api/incidents/${incidentId}/uploads`, "uploads").then((uploads) => ZUploadList.parse({ uploads }).uploads),
});

/** The list with `fresh` rows replacing theirs by id, new ones (not duplicates) appended. */
function mergeUploads(list: TUpload[], fresh: TUpload[]): TUpload[] {
  const byId = new Map(fresh.map((u) => [u.id, { ...u, duplicate: false }]));
  const merged = list.map((u) => byId.get(u.id) ?? u);
  for (const [id, u] of byId) if (!list.some((x) => x.id === id)) merged.push(u);
  return merged;
}

/**
 * Sends each drop as one multipart request and follows it: bytes sent, then the upload list
 * (polled while the server works, for each file's phase and rows), then the answer.
 */
export function useFileUploads(incidentId: string) {
  const queryClient = useQueryClient();
  const [batches, setBatches] = useState<UploadBatch[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const processing = batches.some((b) => b.phase === "processing");

  // Progress arrives as events while the incident's stream is up; polled only without it.
  const live = useLive(incidentId);
  const list = useQuery({ ...listQuery(incidentId), refetchInterval: processing && !live ? 1000 : false });

  const update = useCallback((key: string, patch: (b: UploadBatch) => Partial<UploadBatch>) => {
    setBatches((all) => all.map((b) => (b.key === key ? { ...b, ...patch(b) } : b)));
  }, []);

  const send = useCallback(
    (files: File[], fields: Record<string, string> = {}) => {
      if (!files.length) return;
      const key = uniqueKey();
      const cached = queryClient.getQueryData<TUpload[]>(listQuery(incidentId).queryKey);
      const total = files.reduce((a, f) => a + f.size, 0);
      setBatches((all) => [
        ...all,
        {
          key,
          files: files.map((f) => ({ key: uniqueKey(), filename: f.name, size: f.size })),
          known: new Set(cached?.map((u) => u.id)),
          phase: "sending",
          loaded: 0,
          total,
          dismissed: new Set(),
        },
      ]);
      if (!cached) {
        // The list had not loaded yet; the server writes no row before every byte has arrived.
        void queryClient
          .fetchQuery(listQuery(incidentId))
          .then((uploads) => update(key, () => ({ known: new Set(uploads.map((u) => u.id)) })))
          .catch(() => {});
      }
      const { promise, abort } = uploadFiles(`/api/incidents/${incidentId}/uploads`, files, fields, {
        onProgress: (loaded, total) => update(key, () => ({ loaded, total })),
        onSent: () => update(key, (b) => ({ phase: "processing", loaded: b.total })),
      });
      aborts.current.set(key, abort);
      promise
        .then(({ status, body }) => {
          update(key, (b) => ({ phase: "settled", outcome: batchOutcome(status, body, b.files) }));
          // The answer already holds the final rows: the list shows them with the results, not a poll later.
          if (body?.uploads?.length) queryClient.setQueryData<TUpload[]>(listQuery(incidentId).queryKey, (old) => old && mergeUploads(old, body.uploads!));
        })
        .catch((e: Error) =>
          update(key, (b) => {
            const cancelled = e.name === "AbortError";
            const sent = b.phase === "processing";
            const message = cancelled
              ? "Cancelled before every byte was sent. Nothing of this batch was stored."
              : sent
                ? "The connection was lost after the files were sent; the server may still have stored them: check the list of uploaded files."
                : "The connection to the server was lost during the upload. Nothing of this batch was stored.";
            const outcome: BatchOutcome = { kind: "refused", message, code: cancelled ? "cancelled" : "connection_lost", named: [], stored: sent ? "unknown" : "nothing" };
            return { phase: "settled", outcome };
          }),
        )
        .finally(() => {
          aborts.current.delete(key);
          void queryClient.invalidateQueries({ queryKey: listQuery(incidentId).queryKey });
          void queryClient.invalidateQueries({ queryKey: ["evidence", incidentId] });
        });
    },
    [incidentId, queryClient, update],
  );

  const cancel = useCallback((batchKey: string) => aborts.current.get(batchKey)?.(), []);

  /** Hides one file of a settled batch, or all of it; a batch with nothing left goes away. */
  const dismiss = useCallback((batchKey: string, fileKey?: string) => {
    setBatches((all) =>
      all.flatMap((b) => {
        if (b.key !== batchKey) return [b];
        const dismissed = new Set(fileKey ? [...b.dismissed, fileKey] : b.files.map((f) => f.key));
        return dismissed.size >= b.files.length ? [] : [{ ...b, dismissed }];
      }),
    );
  }, []);

  return { batches, uploads: list.data ?? [], listError: list.error, send, cancel, dismiss };
}
