import { runTshark } from "./tshark-truth";
import { countWithHindsight } from "./hindsight-count";
for (const f of process.argv.slice(2)) {
  const p = "/work/shared/corpus/tcpdump-tests/" + f;
  console.log(f, JSON.stringify(await runTshark(p)), JSON.stringify(await countWithHindsight(p)));
}
