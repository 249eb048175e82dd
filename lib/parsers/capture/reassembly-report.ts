// What TCP stream and IP fragment reassembly did with one capture file, and what they gave up
// (never silently: every message or fragment not decoded is counted under a reason).

export interface ReassemblyReport {
  /** DNS-over-TCP messages decoded from two or more TCP segments. */
  tcpMessages: number;
  /** TCP segments on DNS streams skipped as retransmissions (their bytes were already read). */
  tcpRetransmissions: number;
  /** TCP segments held because they arrived before a missing one, later read in order. */
  tcpOutOfOrder: number;
  /** IP datagrams reassembled from fragments (decoded at their last fragment). */
  ipDatagrams: number;
  /** Exact repeats of a fragment already held (ignored). */
  ipDuplicateFragments: number;
  /** DNS-over-TCP messages (or stream bytes) given up, by reason. */
  tcpGivenUp: Array<{ reason: string; count: number }>;
  /** IP fragments whose datagram was never decoded, by reason (they still count as IP packets). */
  ipGivenUp: Array<{ reason: string; count: number }>;
}

/** Reason → count, listed most frequent first. */
export class ReasonCounts {
  private readonly counts = new Map<string, number>();

  add(reason: string, n = 1): void {
    if (n > 0) this.counts.set(reason, (this.counts.get(reason) ?? 0) + n);
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  list(): Array<{ reason: string; count: number }> {
    return [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason, count]) => ({ reason, count }));
  }
}

export function emptyReassemblyReport(): ReassemblyReport {
  return { tcpMessages: 0, tcpRetransmissions: 0, tcpOutOfOrder: 0, ipDatagrams: 0, ipDuplicateFragments: 0, tcpGivenUp: [], ipGivenUp: [] };
}

/** Adds `b` into `a` (several files of one upload sequence, or the sources of an analysis). */
export function mergeReassemblyReports(a: ReassemblyReport, b: ReassemblyReport): ReassemblyReport {
  const merge = (x: ReassemblyReport["tcpGivenUp"], y: ReassemblyReport["tcpGivenUp"]) => {
    const c = new ReasonCounts();
    for (const r of [...x, ...y]) c.add(r.reason, r.count);
    return c.list();
  };
  return {
    tcpMessages: a.tcpMessages + b.tcpMessages,
    tcpRetransmissions: a.tcpRetransmissions + b.tcpRetransmissions,
    tcpOutOfOrder: a.tcpOutOfOrder + b.tcpOutOfOrder,
    ipDatagrams: a.ipDatagrams + b.ipDatagrams,
    ipDuplicateFragments: a.ipDuplicateFragments + b.ipDuplicateFragments,
    tcpGivenUp: merge(a.tcpGivenUp, b.tcpGivenUp),
    ipGivenUp: merge(a.ipGivenUp, b.ipGivenUp),
  };
}
