"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";
import {
  MAX_DISPLAY_NAME,
  nameSkipped,
  readDisplayName,
  skipName,
  subscribeDisplayName,
  writeDisplayName,
} from "@/lib/client/display-name";
import { useSession } from "./session-context";

type Props = {
  /** Called with the saved name, or null when the person prefers to stay anonymous. */
  onDone: (name: string | null) => void;
  initial?: string;
};

/** A small modal dialog asking for the name shown next to hypotheses, annotations and status changes. */
export function DisplayNamePrompt({ onDone, initial = "" }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(initial);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    onDone(writeDisplayName(name));
  }

  function skip() {
    skipName();
    onDone(null);
  }

  return (
    <dialog ref={ref} className="hy-name-dialog" aria-labelledby="hy-name-title" onCancel={(e) => (e.preventDefault(), skip())}>
      <form onSubmit={submit} className="stack">
        <h2 id="hy-name-title">What should we call you?</h2>
        <p className="muted hy-small">Shown next to your hypotheses, notes and status changes. Stored in this browser only.</p>
        <input
          autoFocus
          aria-label="Your name"
          value={name}
          maxLength={MAX_DISPLAY_NAME}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Ana (SRE on call)"
        />
        <div className="row">
          <button type="submit" className="primary" disabled={!name.trim()}>Save</button>
          <button type="button" onClick={skip}>Stay anonymous</button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * The current display name and `ensureName()`, which asks once (rendering `prompt`) when no name
 * is stored and the person has not chosen to stay anonymous. It resolves to the name or null.
 * Signed in, the name is the user's own and nothing is asked (the server takes it from the session).
 */
export function useDisplayName(): { name: string | null; ensureName: () => Promise<string | null>; prompt: ReactNode } {
  const { user } = useSession();
  // The cookie is only readable in the browser: null while rendering on the server.
  const name = useSyncExternalStore(subscribeDisplayName, readDisplayName, () => null);
  const [asking, setAsking] = useState(false);
  const waiters = useRef<Array<(name: string | null) => void>>([]);

  const ensureName = useCallback(() => {
    const stored = readDisplayName();
    if (stored || nameSkipped()) return Promise.resolve(stored);
    setAsking(true);
    return new Promise<string | null>((resolve) => waiters.current.push(resolve));
  }, []);

  const done = useCallback((chosen: string | null) => {
    setAsking(false);
    for (const resolve of waiters.current.splice(0)) resolve(chosen);
  }, []);

  const signedIn = useCallback(() => Promise.resolve(user?.name ?? null), [user]);
  if (user) return { name: user.name, ensureName: signedIn, prompt: null };
  return { name, ensureName, prompt: asking ? <DisplayNamePrompt onDone={done} /> : null };
}
