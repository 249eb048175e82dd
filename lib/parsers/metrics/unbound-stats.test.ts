import { describe, expect, it } from "vitest";
import { createUnboundStatsParser } from "./unbound-stats";
import { fixture, messages, p, run } from "./test-support";

const t1 = 1718000000000.412;
const t2 = 1718000060000.391;

describe("unbound-control stats", () => {
  it("stamps each dump with its time.now and keeps every value exactly", () => {
    const out = run(createUnboundStatsParser, fixture("unbound-stats.txt"));
    const dump = (t: number, v: number[]) => [
      p("thread0.num.queries", {}, t, v[0]!),
      p("thread0.num.cachehits", {}, t, v[1]!),
      p("thread0.num.cachemiss", {}, t, v[2]!),
      p("thread0.num.queries_timed_out", {}, t, v[3]!),
      p("thread0.requestlist.avg", {}, t, v[4]!),
      p("thread0.requestlist.max", {}, t, v[5]!),
      p("thread0.requestlist.overwritten", {}, t, v[6]!),
      p("thread0.requestlist.exceeded", {}, t, v[7]!),
      p("thread0.requestlist.current.all", {}, t, v[8]!),
      p("thread0.requestlist.current.user", {}, t, v[9]!),
      p("thread0.recursion.time.avg", {}, t, v[10]!, "seconds"),
      p("thread0.recursion.time.median", {}, t, v[11]!, "seconds"),
      p("total.num.queries", {}, t, v[12]!),
      p("total.requestlist.exceeded", {}, t, v[13]!),
      p("total.requestlist.current.all", {}, t, v[14]!),
      p("total.recursion.time.avg", {}, t, v[15]!, "seconds"),
      p("time.up", {}, t, v[16]!, "seconds"),
      p("time.elapsed", {}, t, v[17]!, "seconds"),
      p("mem.cache.rrset", {}, t, v[18]!, "bytes"),
    ];
    expect(out.points).toEqual([
      ...dump(t1, [52811, 40102, 12709, 0, 21.4, 215, 0, 0, 37, 35, 0.081232, 0.0334, 52811, 0, 37, 0.081232, 3600.5123, 60.000215, 4718592]),
      ...dump(t2, [61385, 3211, 58174, 4410, 1009.72, 1024, 0, 312, 1024, 1019, 1.901125, 1.5, 61385, 312, 1024, 1.901125, 3660.512279, 59.999979, 4718592]),
    ]);
    expect(out.rejects).toEqual([]);
    expect(out.warns).toEqual([
      {
        line: 17,
        message: 'time.elapsed (60.000215 s) < time.up (3600.5123 s): counters were reset since start (plain "stats" resets them); values are per interval, kept as printed',
      },
    ]);
  });

  it("gives the same result fed byte by byte", () => {
    expect(run(createUnboundStatsParser, fixture("unbound-stats.txt"), 1)).toEqual(run(createUnboundStatsParser, fixture("unbound-stats.txt")));
  });

  it("rejects a dump without time.now, non-numeric values and foreign lines", () => {
    const out = run(createUnboundStatsParser, "total.num.queries=5\ntotal.requestlist.current.all=12\nerror: could not connect\n");
    expect(out.points).toEqual([]);
    expect(messages(out.rejects)).toEqual(["not a name=value line", "dump at lines 1–2: it has no time.now, so its 2 values cannot be placed in time"]);
    const bad = run(createUnboundStatsParser, "total.num.queries=many\ntime.now=1718000000\n");
    expect(bad.rejects).toEqual([{ line: 1, message: 'total.num.queries: value "many" is not a number' }]);
  });
});
