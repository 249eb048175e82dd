// `npm run sample -- --out DIR`: writes realistic evidence files (the "it wasn't DNS" demo) to try
// the upload flow with: a v5 flow log (gzip), a pcap, a Prometheus export and Kubernetes events.
import path from "node:path";
import { parseArgs } from "node:util";
import { writeDemoFiles } from "../lib/samples/demo/write-demo-files";

const { values } = parseArgs({ options: { out: { type: "string", default: "sample-evidence" } } });
const files = await writeDemoFiles(path.resolve(values.out!));
console.log(`wrote ${files.length} evidence files:\n${files.map((f) => `  ${f}`).join("\n")}`);
