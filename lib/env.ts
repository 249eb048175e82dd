// Process configuration, validated once. Every setting has a default so a fresh clone starts
// with no configuration at all.
import path from "node:path";
import { z } from "zod";

const ZEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Loopback unless told otherwise: with no sign-in, nothing else may reach the app.
  HOST: z.string().default("127.0.0.1"),
  // Where users reach the app (behind a proxy, on another name): share links are built from it.
  HINDSIGHT_PUBLIC_URL: z.string().url().optional(),
  HINDSIGHT_DATA_DIR: z.string().default(".data"),
  HINDSIGHT_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

export type TEnv = z.infer<typeof ZEnv> & { dataDir: string };

export function readEnv(source: NodeJS.ProcessEnv = process.env): TEnv {
  const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.HINDSIGHT_DATA_DIR) };
}
