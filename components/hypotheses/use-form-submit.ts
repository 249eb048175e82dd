"use client";

import { useState, type FormEvent } from "react";

/**
 * The busy/error state every hypothesis and annotation form shares: `submit(event, canSave, save)`
 * runs `save` once at a time and shows what went wrong; `describe` turns an error into the message
 * to show (null shows none, e.g. when the form handles a conflict itself).
 */
export function useFormSubmit(describe: (error: unknown) => string | null = (e) => (e as Error).message) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent, canSave: boolean, save: () => Promise<void>) {
    event.preventDefault();
    if (!canSave || busy) return;
    setBusy(true);
    setError(null);
    try {
      await save();
    } catch (e) {
      setError(describe(e));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, submit };
}
