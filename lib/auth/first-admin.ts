// The one-time step that gives a new sign-in instance its first administrator: start with
// HINDSIGHT_ADMIN_EMAIL (and HINDSIGHT_ADMIN_PASSWORD for a password account; without one, that
// person signs in through the identity provider). Runs at start, outside any request.
import pg from "pg";
import { ZNewPassword } from "../schemas/auth";
import { hashPassword } from "./passwords";

export type FirstAdmin = { created: string } | { exists: true } | { missing: true };

export async function ensureFirstAdmin(databaseUrl: string, env: Record<string, string | undefined> = process.env): Promise<FirstAdmin> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1");
    if (rows.length) return { exists: true };
    const email = env.HINDSIGHT_ADMIN_EMAIL?.trim().toLowerCase();
    if (!email) return { missing: true };
    const password = env.HINDSIGHT_ADMIN_PASSWORD;
    const weak = password === undefined ? null : ZNewPassword.safeParse(password).error;
    if (weak) throw new Error(`HINDSIGHT_ADMIN_PASSWORD: ${weak.issues.map((i) => i.message).join(", ")} (a password account's rule)`);
    const hash = password ? await hashPassword(password) : null;
    await client.query(
      `INSERT INTO users (id, email, name, role, password_hash) VALUES (gen_random_uuid(), $1, $2, 'admin', $3)
       ON CONFLICT (email) DO UPDATE SET role = 'admin', password_hash = COALESCE($3, users.password_hash)`,
      [email, env.HINDSIGHT_ADMIN_NAME?.trim() || email, hash],
    );
    return { created: email };
  } finally {
    await client.end();
  }
}
