/**
 * LanceDB, loaded on first use. Its native logger reads LANCEDB_LOG once, when the module
 * loads, and by default prints warnings meant for LanceDB's developers on every new table;
 * a static import would load it before any code of ours could set the variable (bundlers
 * hoist imports). An operator can still set LANCEDB_LOG=info or debug to see them.
 */
export type LanceDb = typeof import('@lancedb/lancedb');

export function loadLanceDb(): Promise<LanceDb> {
  process.env.LANCEDB_LOG ??= 'error';
  return import('@lancedb/lancedb');
}
