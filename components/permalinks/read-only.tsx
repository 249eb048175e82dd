"use client";

// A page opened from a permalink (`?permalink=<slug>`) is read-only: people can look around
// (zoom, hover, collapse) but nothing they do writes, until they choose to edit. Choosing to edit
// drops the parameter and keeps the view. For a viewer of the incident, or a visitor through a
// share link, the page is `locked`: read-only with no way to edit (the server refuses writes too).
import { useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { SLUG_RE } from "@/lib/schemas/permalink";

type TReadOnly = { readOnly: boolean; locked: boolean; slug: string | null; edit: () => void };

const ReadOnlyContext = createContext<TReadOnly>({ readOnly: false, locked: false, slug: null, edit: () => {} });

export function ReadOnlyProvider({ children, locked = false }: { children: ReactNode; locked?: boolean }) {
  const param = useSearchParams().get("permalink");
  const slug = param && SLUG_RE.test(param) ? param : null;
  const edit = useCallback(() => {
    const params = new URLSearchParams(window.location.search);
    params.delete("permalink");
    const query = params.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`);
  }, []);
  const value = useMemo(() => ({ readOnly: locked || slug !== null, locked, slug, edit }), [locked, slug, edit]);
  return <ReadOnlyContext.Provider value={value}>{children}</ReadOnlyContext.Provider>;
}

export const useReadOnly = () => useContext(ReadOnlyContext);

