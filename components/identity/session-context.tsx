"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { TMe } from "@/lib/schemas/auth";

const SessionContext = createContext<TMe>({ mode: "local", user: null, provider: null });

/** Who is signed in, decided on the server for the page (the layout reads the session cookie). */
export function SessionProvider({ value, children }: { value: TMe; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
