"use client";

// The frame every panel shares: header (collapse, title, step, options, export, move, remove),
// an optional options row, and the body.
import type { ReactNode, Ref } from "react";
import type { TPanel } from "@/lib/timeline/view-state";

export type TPanelActions = {
  change: (next: TPanel) => void;
  remove: () => void;
  move: (delta: number) => void;
  first: boolean;
  last: boolean;
  /** A shared (read-only) view: no moving or removing panels. */
  locked?: boolean;
};

type Props = {
  panel: TPanel;
  title: string;
  subtitle?: string;
  controls?: ReactNode;
  below?: ReactNode;
  actions: TPanelActions;
  fetching?: boolean;
  onCsv?: () => void;
  onPng?: () => void;
  rootRef?: Ref<HTMLElement>;
  children: ReactNode;
};

export function PanelShell({ panel, title, subtitle, controls, below, actions, fetching, onCsv, onPng, rootRef, children }: Props) {
  const { collapsed } = panel;
  return (
    <section ref={rootRef} className={collapsed ? "tl-panel collapsed" : "tl-panel"} data-testid={`panel-${panel.id}`} data-panel-type={panel.type} data-fetching={fetching ? "true" : "false"} aria-label={title}>
      <header className="tl-panel-head">
        <button
          type="button"
          className="tl-icon tl-collapse"
          aria-expanded={!collapsed}
          aria-label={collapsed ? `Expand ${title}` : `Collapse ${title}`}
          onClick={() => actions.change({ ...panel, collapsed: !collapsed })}
        >
          {collapsed ? "▸" : "▾"}
        </button>
        <h3 className="tl-panel-title">{title}</h3>
        {subtitle && <span className="tl-panel-sub">{subtitle}</span>}
        <span className={fetching ? "tl-spinner on" : "tl-spinner"} aria-hidden />
        <div className="tl-panel-controls">{!collapsed && controls}</div>
        <div className="tl-panel-actions">
          <button type="button" className="tl-icon text" onClick={onCsv} disabled={!onCsv} title="Download the data as CSV">CSV</button>
          <button type="button" className="tl-icon text" onClick={onPng} disabled={!onPng} title="Download the panel as PNG">PNG</button>
          {!actions.locked && (
            <>
              <button type="button" className="tl-icon" onClick={() => actions.move(-1)} disabled={actions.first} aria-label={`Move ${title} up`} title="Move up">↑</button>
              <button type="button" className="tl-icon" onClick={() => actions.move(1)} disabled={actions.last} aria-label={`Move ${title} down`} title="Move down">↓</button>
              <button type="button" className="tl-icon" onClick={actions.remove} aria-label={`Remove ${title}`} title="Remove panel">✕</button>
            </>
          )}
        </div>
      </header>
      {!collapsed && below}
      {!collapsed && <div className="tl-panel-body">{children}</div>}
    </section>
  );
}

/** Empty, loading and error states: say what happened and what to do. */
export function PanelState({ kind, title, children, height }: { kind: "empty" | "error" | "loading"; title: string; children?: ReactNode; height?: number }) {
  return (
    <div className={`tl-state ${kind}`} style={height ? { minHeight: height } : undefined} role={kind === "error" ? "alert" : undefined} data-testid={`panel-${kind}`}>
      <strong>{title}</strong>
      {children}
    </div>
  );
}
