"use client";

// Whether an incident's event stream is connected, for the hooks that poll only without it.
import { useSyncExternalStore } from "react";

const connected = new Map<string, boolean>();
const listeners = new Set<() => void>();

export function setLive(incidentId: string, on: boolean) {
  if ((connected.get(incidentId) ?? false) === on) return;
  connected.set(incidentId, on);
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

export const useLive = (incidentId: string) => useSyncExternalStore(subscribe, () => connected.get(incidentId) ?? false, () => false);
