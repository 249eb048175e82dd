// Series and chrome colours for charts (SVG attributes, so exported PNGs keep them). Semantic
// where the key means something (SYN is the alarming red everywhere), categorical otherwise.
import type { TAnnotationStance } from "@/lib/schemas/annotation";

export type TScheme = "light" | "dark";

export type TChrome = {
  grid: string;
  axis: string;
  text: string;
  panel: string;
  crosshair: string;
  marker: string;
  band: string;
  /** Annotation colours by stance (same hues as the sidebar's stance chips). */
  stance: Record<TAnnotationStance, string>;
};

export const CHROME: Record<TScheme, TChrome> = {
  light: {
    grid: "#e6e9ed", axis: "#6b7580", text: "#1b1f24", panel: "#ffffff", crosshair: "#1b1f24", marker: "#b35a00", band: "#e08a1e",
    stance: { supports: "#217a41", refutes: "#c8372d", context: "#2f6fdb" },
  },
  dark: {
    grid: "#2a3038", axis: "#8d97a3", text: "#e4e7eb", panel: "#1a1e24", crosshair: "#e4e7eb", marker: "#f0a64a", band: "#f0a64a",
    stance: { supports: "#54c27a", refutes: "#f0695f", context: "#5b93ee" },
  },
};

const SEMANTIC: Record<string, [light: string, dark: string]> = {
  syn: ["#d93f3f", "#f2645f"],
  synack: ["#3b73d9", "#6b9cf0"],
  rst: ["#8a4fc7", "#b48af0"],
  fin: ["#2e9a5e", "#55c486"],
  other: ["#d8951a", "#e8b44f"],
  none: ["#9aa4af", "#6c7682"],
  retransmissions: ["#7a1010", "#ffb0a8"],
  ingress: ["#3b73d9", "#6b9cf0"],
  egress: ["#e0731a", "#f29a4f"],
  ACCEPT: ["#2e9a5e", "#55c486"],
  REJECT: ["#d93f3f", "#f2645f"],
  unknown: ["#9aa4af", "#6c7682"],
  p50: ["#2e9a5e", "#55c486"],
  p90: ["#3b73d9", "#6b9cf0"],
  p99: ["#e0731a", "#f29a4f"],
  max: ["#d93f3f", "#f2645f"],
  queries: ["#9aa4af", "#6c7682"],
  answered: ["#2e9a5e", "#55c486"],
  unanswered: ["#d8951a", "#e8b44f"],
  servfail: ["#d93f3f", "#f2645f"],
  nxdomain: ["#8a4fc7", "#b48af0"],
};

const CATEGORICAL: Record<TScheme, string[]> = {
  light: ["#3b73d9", "#e0731a", "#2e9a5e", "#d93f3f", "#8a4fc7", "#17899b", "#c2497f", "#7d8a1c", "#8c6d4f", "#5866c4"],
  dark: ["#6b9cf0", "#f29a4f", "#55c486", "#f2645f", "#b48af0", "#4cc3d4", "#ee7fb0", "#b8c44a", "#c9a27f", "#8d98f0"],
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Semantic colour for known keys; for others the i-th categorical colour (or one hashed from the key). */
export function seriesColor(key: string, scheme: TScheme, index?: number): string {
  const known = SEMANTIC[key];
  if (known) return known[scheme === "light" ? 0 : 1];
  const palette = CATEGORICAL[scheme];
  return palette[(index ?? hash(key)) % palette.length]!;
}
