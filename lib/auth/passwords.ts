// Password hashing for accounts without an identity provider: bcrypt (bcryptjs: pure JavaScript,
// so no native build on install), cost 12.
import bcrypt from "bcryptjs";

const COST = 12;

export const hashPassword = (password: string) => bcrypt.hash(password, COST);

let unmatchable: Promise<string> | null = null;

/** A user without a password never matches, after the same work: an unknown email takes as long as a wrong password. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  unmatchable ??= bcrypt.hash(crypto.randomUUID(), COST);
  await bcrypt.compare(password, await unmatchable);
  return false;
}
