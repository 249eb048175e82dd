import { z } from "zod";
import { zText } from "./text";

const email = zText().trim().toLowerCase().max(320).pipe(z.email("not an email address"));

export const ZLogin = z.object({ email, password: zText().min(1).max(1000) });

/** bcrypt reads 72 bytes; a longer password is refused rather than silently cut. */
export const ZNewPassword = zText()
  .min(10, "at least 10 characters")
  .refine((p) => Buffer.byteLength(p) <= 72, "at most 72 bytes");

export const ZUserCreate = z.object({
  email,
  name: zText().trim().min(1).max(80),
  role: z.enum(["admin", "member"]).default("member"),
  password: ZNewPassword.optional(),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

/** Where to go after signing in: a path of this app, never another site. */
export const ZNextPath = z
  .string()
  .max(2000)
  .catch("/")
  .transform((p) => (p.startsWith("/") && !p.startsWith("//") && !p.startsWith("/\\") ? p : "/"));

export interface TMe {
  mode: "local" | "signin";
  user: { id: string; email: string; name: string; role: "admin" | "member" } | null;
  /** The identity provider's button label, when one is configured. */
  provider: string | null;
}

export const ZMemberInvite = z.object({ email, role: z.enum(["owner", "editor", "viewer"]) });

export const ZShareLinkCreate = z.object({
  /** The timeline view the link opens (the incident page's query string). */
  query: zText().max(4000).default("").transform((q) => q.replace(/^\?/, "")),
  expiresInHours: z.number().positive().max(24 * 366).optional(),
});

export const ZTokenCreate = z.object({
  name: zText().trim().min(1).max(80),
  scopes: z.array(z.enum(["read", "uploads:write"])).min(1).max(2),
  ticketPrefix: zText().trim().min(1).max(200).optional(),
});
