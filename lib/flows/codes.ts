// Small-integer codes stored in the evidence tables (see the flow_evidence migration).
import { FLAG_CLASSES, type FlagClass } from "./flag-class";

export const DIRECTIONS = ["unknown", "ingress", "egress"] as const;
export const ACTIONS = ["unknown", "ACCEPT", "REJECT"] as const;

export const flagClassCode = (c: FlagClass) => FLAG_CLASSES.indexOf(c);
export const directionCode = (d: "ingress" | "egress" | null) => (d === "ingress" ? 1 : d === "egress" ? 2 : 0);
export const actionCode = (a: "ACCEPT" | "REJECT" | null) => (a === "ACCEPT" ? 1 : a === "REJECT" ? 2 : 0);
