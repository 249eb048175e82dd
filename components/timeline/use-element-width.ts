"use client";

import { useLayoutEffect, useState } from "react";

/**
 * The content width of an element (whole pixels), kept current with a ResizeObserver. Returns a
 * callback ref, so it follows the element when it mounts late (after loading or expanding).
 */
export function useElementWidth<T extends HTMLElement>() {
  const [el, setEl] = useState<T | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    if (!el) return;
    // The observer reports the initial size too (after layout, before paint).
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [el]);
  return [setEl, width] as const;
}
