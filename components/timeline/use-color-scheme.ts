"use client";

import { useSyncExternalStore } from "react";

const QUERY = "(prefers-color-scheme: dark)";

// One MediaQueryList for the page: matchMedia() builds a new one per call, and the snapshot is
// read on every render of every panel.
let query: MediaQueryList | null = null;
const media = () => (query ??= window.matchMedia(QUERY));

function subscribe(listener: () => void) {
  const mq = media();
  mq.addEventListener("change", listener);
  return () => mq.removeEventListener("change", listener);
}

/** Follows prefers-color-scheme, like the CSS variables do. */
export const useColorScheme = (): "light" | "dark" => useSyncExternalStore(subscribe, () => (media().matches ? "dark" : "light"), () => "light");

/** False during server rendering and hydration, true afterwards. */
export const useIsClient = () => useSyncExternalStore(noopSubscribe, () => true, () => false);
const noopSubscribe = () => () => {};
