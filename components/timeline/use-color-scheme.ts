"use client";

import { useSyncExternalStore } from "react";

const QUERY = "(prefers-color-scheme: dark)";

function subscribe(listener: () => void) {
  const mq = window.matchMedia(QUERY);
  mq.addEventListener("change", listener);
  return () => mq.removeEventListener("change", listener);
}

/** Follows prefers-color-scheme, like the CSS variables do. */
export const useColorScheme = (): "light" | "dark" =>
  useSyncExternalStore(subscribe, () => (window.matchMedia(QUERY).matches ? "dark" : "light"), () => "light");

/** False during server rendering and hydration, true afterwards. */
export const useIsClient = () => useSyncExternalStore(noopSubscribe, () => true, () => false);
const noopSubscribe = () => () => {};
