import { route } from "@/lib/route/handler";
import { listSessions } from "@/lib/auth/sessions";

export const dynamic = "force-dynamic";

/** Every live session (administrators only): who, since when, last seen, from where. */
export const GET = route(async () => ({ sessions: await listSessions() }));
