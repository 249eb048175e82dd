// TCP flag classes shared by flow logs and captures (docs/api.md): syn (SYN without ACK), synack,
// rst (any RST), fin (FIN, no RST), other (other non-zero flags), none (no flags field, `-`, 0,
// or not TCP).
export const FLAG_CLASSES = ["syn", "synack", "rst", "fin", "other", "none"] as const;
export type FlagClass = (typeof FLAG_CLASSES)[number];

const FIN = 1;
const SYN = 2;
const RST = 4;
const ACK = 16;

export function flagClass(tcpFlags: number | null | undefined, protocol: number | null | undefined = 6): FlagClass {
  if (protocol != null && protocol !== 6) return "none";
  if (tcpFlags == null || tcpFlags === 0) return "none";
  if (tcpFlags & RST) return "rst";
  if (tcpFlags & SYN) return tcpFlags & ACK ? "synack" : "syn";
  if (tcpFlags & FIN) return "fin";
  return "other";
}
