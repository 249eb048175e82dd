// Prisma CLI configuration for machines that cannot download Prisma's native engines:
// every migrate command runs on the WebAssembly schema engine through adapter-pg.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// `prisma generate` makes no connection but needs a syntactically valid URL.
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost:5432/placeholder";

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

/**
 * adapter-pg 6.19 cannot describe catalog columns of type `name` (oid 19) and `"char"`
 * (oid 18) — prisma/orm#27403. Report them as text (oid 25); their values already arrive as text.
 */
class CatalogAsTextClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const patch = (res: QueryResultLike) => {
      for (const field of res?.fields ?? []) {
        if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
      }
      return res;
    };
    // pg.Pool calls query with a callback; direct callers get a promise.
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: QueryResultLike) => last(err, err ? res : patch(res));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(patch) : result;
  }
}

function connectionFields(url: string, database?: string): pg.ClientConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: database ?? decodeURIComponent(u.pathname.slice(1)),
  };
}

/**
 * adapter-pg's own shadow database ignores the database name of a connection string and drops it
 * while still connected. Create a uniquely named one from parsed fields and drop it WITH (FORCE)
 * after the adapter is disposed.
 */
class HindsightPrismaPg extends PrismaPg {
  constructor(private readonly url: string) {
    super({ ...connectionFields(url), Client: CatalogAsTextClient } as pg.PoolConfig);
  }

  override async connectToShadowDb() {
    const name = `hindsight_shadow_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client(connectionFields(this.url));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const shadow = new PrismaPg({ ...connectionFields(this.url, name), Client: CatalogAsTextClient } as pg.PoolConfig);
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new HindsightPrismaPg(process.env.DATABASE_URL!),
});
