"use client";

// A page opened from a permalink (`?permalink=<slug>`) is read-only: people can look around
// (zoom, hover, collapse) but nothing they do writes, until they choose to edit. Choosing to edit
// drops the parameter and keeps the view.
import { useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { SLUG_RE } from "@/lib/schemas/permalink";

type TReadOnly = { readOnly: boolean; slug: string | null; edit: () => void };

const ReadOnlyContext = createContext<TReadOnly>({ readOnly: false, slug: null, edit: () => {} });

export function ReadOnlyProvider({ children }: { children: ReactNode }) {
  const param = useSearchParams().get("permalink");
  const slug = param && SLUG_RE.test(param) ? param : null;
  const edit = useCallback(() => {
    const params = new URLSearchParams(window.location.search);
    params.delete("permalink");
    const query = params.toString();
    window.history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`);
  }, []);
  const value = useMemo(() => ({ readOnly: slug !== null, slug, edit }), [slug, edit]);
  return <ReadOnlyContext.Provider value={value}>{children}</ReadOnlyContext.Provider>;
}

export const useReadOnly = () => useContext(ReadOnlyContext);

