// Which host names and addresses only this machine can reach. With no sign-in, Hindsight serves
// only on these, and answers only requests addressed to them.
import { isIP } from "node:net";

/** `localhost`, `*.localhost`, 127.0.0.0/8, ::1 and ::ffff:127.x (brackets and a port allowed). */
export function isLoopbackHost(host: string): boolean {
  let name = host.trim().toLowerCase();
  if (name.startsWith("[")) name = name.slice(1, name.indexOf("]") === -1 ? undefined : name.indexOf("]"));
  else if (name.split(":").length === 2) name = name.split(":")[0]!; // name:port, not an IPv6 address
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (isIP(name) === 4) return name.startsWith("127.");
  if (isIP(name) === 6) return name === "::1" || name.startsWith("::ffff:127.");
  return false;
}
