// Every marker format, in sniffing order (most specific first).
import type { FormatInfo, StreamParser } from "../types";
import {
  createDeployMarkersCsvParser,
  createDeployMarkersJsonParser,
  deployMarkersCsvFormat,
  deployMarkersJsonFormat,
  type DeployMarkerOptions,
} from "./deploy-markers";
import { createKubernetesEventsParser, kubernetesEventsFormat, type KubernetesEventsOptions } from "./kubernetes-events";
import type { MarkerSink } from "./marker-sink";

/** Every option any marker parser reads; each parser ignores the ones that are not its own. */
export type MarkerFormatOptions = KubernetesEventsOptions & DeployMarkerOptions;

export interface MarkerFormat extends FormatInfo {
  create(sink: MarkerSink, options?: MarkerFormatOptions): StreamParser;
}

export const MARKER_FORMATS: readonly MarkerFormat[] = [
  { ...kubernetesEventsFormat, create: createKubernetesEventsParser },
  { ...deployMarkersJsonFormat, create: createDeployMarkersJsonParser },
  { ...deployMarkersCsvFormat, create: createDeployMarkersCsvParser },
];

/** The first marker format that claims `head`, or null. */
export function sniffMarkerFormat(head: Uint8Array): MarkerFormat | null {
  return MARKER_FORMATS.find((f) => f.sniff(head)) ?? null;
}
