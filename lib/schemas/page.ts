// Every list the API answers is bounded: `limit` items at most (default and maximum below), and
// a `nextCursor` to ask for the rest (`?cursor=…`), null on the last page. Cursors are opaque:
// the id of the first item of the next page.
import { z } from "zod";

export const DEFAULT_PAGE = 500;
export const MAX_PAGE = 1000;

export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
  cursor: z.uuid("cursor: pass the nextCursor of the previous page").optional(),
});
export type TPageQuery = z.infer<typeof ZPageQuery>;

export type TPage<K extends string, T> = { [P in K]: T[] } & { nextCursor: string | null };

/** A list as the server itself reads it (`page` null: everything), or one page of it for a client. */
export type TPaging = TPageQuery | null;

/** Rows read with `take: limit + 1` → the page and the cursor of the next one. */
export function pageOf<T extends { id: string }>(rows: T[], page: TPaging): { items: T[]; nextCursor: string | null } {
  if (!page || rows.length <= page.limit) return { items: rows, nextCursor: null };
  return { items: rows.slice(0, page.limit), nextCursor: rows[page.limit]!.id };
}

/** The same over a list already in memory and in its final order (e.g. sorted by rank). */
export function pageOfList<T extends { id: string }>(all: T[], page: TPaging): { items: T[]; nextCursor: string | null } {
  if (!page) return { items: all, nextCursor: null };
  const start = page.cursor === undefined ? 0 : all.findIndex((x) => x.id === page.cursor);
  return pageOf(start < 0 ? [] : all.slice(start, start + page.limit + 1), page);
}

/** Prisma's keyset paging: the cursor row first, in an order that ends with the unique id. */
export const prismaPage = (page: TPaging) => (page ? { take: page.limit + 1, ...(page.cursor ? { cursor: { id: page.cursor } } : {}) } : {});
