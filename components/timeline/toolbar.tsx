"use client";

// Above the panels: the range, presets, zoom/pan buttons, UTC/local toggle and a link that pins
// the exact view.
import { useState } from "react";
import type { TBaseline, TZone } from "@/lib/timeline/view-state";
import { formatDuration } from "@/lib/timeline/view/format-time";
import type { TPreset } from "@/lib/timeline/view/presets";
import { PAN_STEP, ZOOM_STEP } from "@/lib/timeline/view/range-math";
import { BaselineSelect } from "./baseline-select";
import { Popover } from "./popover";
import { RangePicker } from "./range-picker";
import { useTimeAxis } from "./time-axis";
import { KEY_HELP } from "./use-keyboard-nav";

type Props = {
  presets: TPreset[];
  zoomed: boolean;
  onZone: (tz: TZone) => void;
  baseline: TBaseline | null;
  onBaseline: (next: TBaseline | null) => void;
  permalink: () => Promise<string>;
  /** Annotate mode switch; null in a read-only view. */
  annotating: { on: boolean; toggle: () => void } | null;
};

export function Toolbar({ presets, zoomed, onZone, baseline, onBaseline, permalink, annotating }: Props) {
  const axis = useTimeAxis();
  const [shared, setShared] = useState<string | null>(null);
  const share = () =>
    void permalink()
      .then(async (url) => {
        setShared(url);
        await navigator.clipboard?.writeText(url).catch(() => {});
      })
      .catch(() => setShared("failed"));

  return (
    <div className="tl-toolbar" role="toolbar" aria-label="Time range controls">
      <RangePicker presets={presets} />
      <span className="tl-span mono" title="Visible span">{formatDuration(axis.domain.to - axis.domain.from)}</span>
      <div className="tl-buttons">
        <button type="button" className="tl-small" onClick={() => axis.panBy(-PAN_STEP)} aria-label="Pan earlier" title="Pan earlier (←)">◀</button>
        <button type="button" className="tl-small" onClick={() => axis.zoomBy(ZOOM_STEP)} aria-label="Zoom out" title="Zoom out (−)">−</button>
        <button type="button" className="tl-small" onClick={() => axis.zoomBy(1 / ZOOM_STEP)} aria-label="Zoom in" title="Zoom in (+)">+</button>
        <button type="button" className="tl-small" onClick={() => axis.panBy(PAN_STEP)} aria-label="Pan later" title="Pan later (→)">▶</button>
        <button type="button" className="tl-small" onClick={axis.reset} disabled={!zoomed} title="Whole evidence range (0)">Reset</button>
      </div>
      <div className="tl-seg" role="group" aria-label="Time zone">
        {(["utc", "local"] as const).map((z) => (
          <button key={z} type="button" aria-pressed={axis.tz === z} onClick={() => onZone(z)}>
            {z === "utc" ? "UTC" : "Local"}
          </button>
        ))}
      </div>
      <label className="tl-inline">
        Baseline
        <BaselineSelect value={baseline} onChange={onBaseline} domain={axis.domain} tz={axis.tz} label="Baseline" />
      </label>
      {annotating && (
        <button type="button" className={annotating.on ? "tl-small on" : "tl-small"} aria-pressed={annotating.on} onClick={annotating.toggle}
          title="Annotate: drag across a panel (or click a point) to note what it shows (N; Shift+drag works any time)">
          ✎ Annotate
        </button>
      )}
      <button type="button" className="tl-small" onClick={share} title="Store this exact view and copy its short link">Share</button>
      {shared && (
        <input className="tl-share mono" readOnly value={shared === "failed" ? "could not create the link" : shared} aria-label="Permalink"
          onFocus={(e) => e.target.select()} data-testid="permalink" />
      )}
      <Popover label="Keys" className="tl-small">
        {() => (
          <table className="tl-keys">
            <tbody>
              {KEY_HELP.map(([k, what]) => (
                <tr key={k}>
                  <td className="mono">{k}</td>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Popover>
    </div>
  );
}
