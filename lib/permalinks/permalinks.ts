// Permalinks: immutable snapshots of a timeline view under a short random slug.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { ApiError, notFound } from "@/lib/api/errors";
import { isUniqueViolation } from "@/lib/api/prisma-errors";
import type { Permalink, Prisma } from "@/lib/generated/prisma/client";
import type { TPermalink, TPermalinkCreate } from "@/lib/schemas/permalink";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SLUG_LENGTH = 10; // 62^10 ≈ 8e17: collisions are rare, and checked anyway
const ATTEMPTS = 5;

/** Uniform over the alphabet: bytes ≥ 248 (= 4 × 62) are skipped instead of biasing `% 62`. */
export function randomSlug(length = SLUG_LENGTH): string {
  let slug = "";
  while (slug.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && slug.length < length) slug += ALPHABET[b % 62];
    }
  }
  return slug;
}

const toPermalink = (p: Permalink): TPermalink => ({
  slug: p.slug,
  incidentId: p.incidentId,
  view: p.view as Record<string, unknown>,
  createdAt: p.createdAt.getTime(),
  author: p.author,
});

export async function createPermalink(input: TPermalinkCreate, author: string | null): Promise<TPermalink> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const row = await db.prisma.permalink.create({
        data: { slug: randomSlug(), incidentId: input.incidentId, view: input.view as Prisma.InputJsonObject, author },
      });
      return toPermalink(row);
    } catch (error) {
      if (!isUniqueViolation(error, "slug")) throw error; // a slug collision: draw another
    }
  }
  throw new ApiError("slug_exhausted", "Could not find a free permalink slug; try again.");
}

export async function getPermalink(slug: string): Promise<TPermalink> {
  const row = await db.prisma.permalink.findUnique({ where: { slug } });
  if (!row) throw notFound("Permalink", slug);
  return toPermalink(row);
}
