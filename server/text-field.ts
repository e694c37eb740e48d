import { z } from 'zod';

/**
 * Text a person must write: trimmed, with at least one character that is not a space, and at
 * most `max` characters. The pattern says in the OpenAPI document what `trim().min(1)` checks,
 * so that a client validating against the document refuses "   " as the server does.
 */
export const Text = (max: number) => z.string().trim().min(1).max(max).meta({ pattern: '\\S' });
