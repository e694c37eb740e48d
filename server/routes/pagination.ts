import { z } from 'zod';

/**
 * `?limit=&cursor=` of every list: keyset pages in creation order. Other parameters are let
 * through unread (a cache buster, a proxy's tag), as an OpenAPI document cannot forbid them.
 */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Items per page, 1 to 100' }),
  cursor: z.string().max(300).optional().meta({ description: 'nextCursor of the previous page' }),
});

/** A list answer: `{ [name]: items, nextCursor? }`. */
export function listOf<Name extends string, T extends z.ZodType>(name: Name, item: T) {
  const shape = { [name]: z.array(item), nextCursor: z.string().optional() };
  return z.object(shape as { [K in Name]: z.ZodArray<T> } & { nextCursor: z.ZodOptional<z.ZodString> });
}

/** Same ids everywhere: prefix, underscore, letters and digits. */
export const Id = z.string().regex(/^[a-z]+_[a-z0-9]{1,40}$/, 'not an id of this service');

/** The `nextCursor` of a list answer, present only when there is a next page. */
export function cursorOf(page: { nextCursor?: string }): { nextCursor?: string } {
  return page.nextCursor ? { nextCursor: page.nextCursor } : {};
}
