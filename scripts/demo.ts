// `npm run demo`: loads the demo incident into the Hindsight running on PORT (default 3000).
import path from "node:path";
import { loadDemo } from "./demo-loader";

const base = process.env.HINDSIGHT_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
try {
  const id = await loadDemo(base, path.resolve(process.env.HINDSIGHT_DATA_DIR ?? ".data"));
  console.log(`demo incident: ${base}/incidents/${id}`);
} catch (error) {
  console.error(`Could not load the demo into ${base} (is Hindsight running? start it with \`npm start\`): ${(error as Error).message}`);
  process.exit(1);
}
