/**
 * The id a path parameter of the OpenAPI document names, by the collection before it, for the
 * suites that call every operation (a resource id where no collection matches).
 */
export function idFor(ids: Record<string, string>, path: string): string {
  if (path.startsWith('/v1/admin/sites')) return ids.site!;
  if (path.startsWith('/v1/participants')) return ids.participant!;
  if (path.startsWith('/v1/pairings')) return ids.pairing!;
  if (path.startsWith('/v1/goals')) return ids.goal!;
  if (path.startsWith('/v1/check-ins')) return ids.checkIn!;
  if (path.startsWith('/v1/sessions')) return ids.session!;
  return ids.resource ?? 'vague-wish-to-smart-goal';
}
