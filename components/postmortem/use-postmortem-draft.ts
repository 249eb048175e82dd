"use client";
// The editor's document state: loads the latest revision, autosaves ~1.5 s after typing stops
// (or at once on save()), and surfaces a 409 as a conflict to resolve instead of overwriting.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ApiRequestError } from "@/lib/client/api";
import type { TConflictDetails, TPostmortem } from "@/lib/schemas/postmortem";
import { pmApi } from "./api";

export const AUTOSAVE_MS = 1500;
export type TSaveStatus = "loading" | "saved" | "unsaved" | "saving" | "conflict" | "error";
export type TLatest = TConflictDetails["latest"];

export function usePostmortemDraft(incidentId: string) {
  const [text, setText] = useState("");
  const [doc, setDoc] = useState<{ revision: number; saved: string; author: string | null; at: number | null } | null>(null);
  const [conflict, setConflict] = useState<TLatest | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef({ text, doc, conflict, saving });
  useLayoutEffect(() => {
    latest.current = { text, doc, conflict, saving };
  });

  const accept = useCallback((pm: TPostmortem | TLatest, replaceText: boolean) => {
    setDoc({ revision: pm.revision, saved: pm.markdown, author: pm.author, at: pm.at });
    if (replaceText) setText(pm.markdown);
  }, []);

  useEffect(() => {
    let live = true;
    pmApi.get(incidentId).then(
      (pm) => live && accept(pm, true),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [incidentId, accept]);

  /** Saves the current text on `base` (default: the revision it was loaded or saved as). */
  const save = useCallback(
    async (base?: number) => {
      const { text: sent, doc: d, saving: busy } = latest.current;
      if (!d || busy) return;
      setSaving(true);
      try {
        const saved = await pmApi.save(incidentId, sent, base ?? d.revision);
        accept(saved, false);
        setConflict(null);
        setError(null);
      } catch (e) {
        if (e instanceof ApiRequestError && e.status === 409) setConflict((e.details as TConflictDetails).latest);
        else setError((e as Error).message);
      } finally {
        setSaving(false);
      }
    },
    [incidentId, accept],
  );

  const dirty = doc !== null && text !== doc.saved;
  useEffect(() => {
    if (!dirty || conflict || saving || error) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [text, dirty, conflict, saving, error, save]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const edit = useCallback((next: string) => {
    setText(next);
    setError(null);
  }, []);

  const keepMine = useCallback(() => {
    const c = latest.current.conflict;
    if (c) void save(c.revision);
  }, [save]);

  const takeTheirs = useCallback(() => {
    const c = latest.current.conflict;
    if (!c) return;
    accept(c, true);
    setConflict(null);
  }, [accept]);

  /**
   * Someone saved (the event stream says so): a newer revision replaces an unchanged draft, and
   * is a conflict for one with unsaved edits, shown now rather than at the next save.
   */
  const refresh = useCallback(async () => {
    const pm = await pmApi.get(incidentId).catch(() => null);
    const { doc: d, text: current, saving: busy } = latest.current;
    if (!pm || !d || busy || pm.revision <= d.revision) return;
    if (current === d.saved) accept(pm, true);
    else setConflict({ revision: pm.revision, markdown: pm.markdown, author: pm.author, at: pm.at });
  }, [incidentId, accept]);

  const status: TSaveStatus = !doc ? (error ? "error" : "loading") : conflict ? "conflict" : saving ? "saving" : error ? "error" : dirty ? "unsaved" : "saved";
  return { text, edit, doc, status, error, conflict, save, keepMine, takeTheirs, accept, refresh };
}
