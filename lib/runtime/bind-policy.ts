// Hindsight has no sign-in yet, so it must never serve on an interface other machines can reach:
// anyone there could read every incident and change or delete anything.
import { isLoopbackHost } from "../loopback";

/** Why the server must not start on `host`, or null when the interface is loopback. */
export function unsafeBindRefusal(host: string, port: number): string | null {
  if (isLoopbackHost(host)) return null;
  return [
    `HOST=${host} would serve every incident, unauthenticated, to anyone who can reach this machine, and Hindsight has no sign-in to protect them.`,
    `Serve on loopback (unset HOST, or HOST=127.0.0.1) and reach it through an SSH tunnel (ssh -L ${port}:127.0.0.1:${port} this-host)`,
    `or an authenticating reverse proxy that forwards to 127.0.0.1:${port}.`,
  ].join(" ");
}
