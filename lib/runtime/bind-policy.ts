// Without sign-in, Hindsight must never serve on an interface other machines can reach: anyone
// there could read every incident and change or delete anything.
import { isLoopbackHost } from "../loopback";

/** Why the server must not start on `host`, or null when the interface is loopback or sign-in is on. */
export function unsafeBindRefusal(host: string, port: number, signIn: boolean): string | null {
  if (signIn || isLoopbackHost(host)) return null;
  return [
    `HOST=${host} would serve every incident, unauthenticated, to anyone who can reach this machine.`,
    `Turn sign-in on for a team (HINDSIGHT_AUTH=signin with HINDSIGHT_PUBLIC_URL; see the README, "Running Hindsight for a team"),`,
    `or serve on loopback (unset HOST, or HOST=127.0.0.1) and reach it through an SSH tunnel (ssh -L ${port}:127.0.0.1:${port} this-host).`,
  ].join(" ");
}
