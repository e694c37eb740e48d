import { z } from 'zod';

/** `?limit=&cursor=` of every list: keyset pages in creation order. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Items per page, 1 to 100' }),
  cursor: z.string().max(300).optional().meta({ description: 'nextCursor of the previous page' }),
});

/** A list answer: `{ [name]: items, nextCursor? }`. */
export function listOf<T extends z.ZodType>(name: string, item: T) {
  return z.object({ [name]: z.array(item), nextCursor: z.string().optional() } as Record<string, z.ZodType>);
}

/** Same ids everywhere: prefix, underscore, letters and digits. */
export const Id = z.string().regex(/^[a-z]+_[a-z0-9]{1,40}$/, 'not an id of this service');

/** The `nextCursor` of a list answer, present only when there is a next page. */
export function cursorOf(page: { nextCursor?: string }): { nextCursor?: string } {
  return page.nextCursor ? { nextCursor: page.nextCursor } : {};
}
