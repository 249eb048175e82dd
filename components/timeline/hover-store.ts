"use client";

// The hovered time, shared by every panel without re-rendering the charts: only the overlays
// (crosshair, tooltip) subscribe to it.
import { useSyncExternalStore } from "react";

export type THover = { t: number; panelId: string } | null;

export type HoverStore = {
  get: () => THover;
  set: (next: THover) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createHoverStore(): HoverStore {
  let value: THover = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      if (next === value || (next && value && next.t === value.t && next.panelId === value.panelId)) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const useHover = (store: HoverStore) => useSyncExternalStore(store.subscribe, store.get, () => null);
