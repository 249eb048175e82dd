"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/** A button that opens a small panel below it; Escape or a click outside closes it. */
export function Popover({ label, className, children, testId }: { label: ReactNode; className?: string; testId?: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && setOpen(false);
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  return (
    <div className="tl-popover-anchor" ref={ref}>
      <button type="button" className={className} aria-expanded={open} onClick={() => setOpen(!open)} data-testid={testId}>
        {label}
      </button>
      {open && <div className="tl-popover">{children(() => setOpen(false))}</div>}
    </div>
  );
}
