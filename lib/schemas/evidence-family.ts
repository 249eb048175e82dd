// The four families of evidence. A wire-level name (the evidence summary is keyed by it), so it
// lives with the schemas; lib/evidence files every stored kind under one of them.
export const EVIDENCE_FAMILIES = ["flows", "captures", "metrics", "markers"] as const;
export type EvidenceFamily = (typeof EVIDENCE_FAMILIES)[number];
