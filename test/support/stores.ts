import { createSqliteStore, type Store } from '../../server/store/index.ts';
import { freshPostgresStore } from './postgres.ts';

export interface StoreOptions {
  now?: () => Date;
  newId?: (prefix: string) => string;
}

/** Both databases the store runs on, for suites that must hold on each: a fresh, empty store per call. */
export const STORES: Array<{ name: string; open: (options?: StoreOptions) => Promise<Store> }> = [
  { name: 'SQLite', open: async (options = {}) => createSqliteStore({ path: ':memory:', ...options }) },
  { name: 'PostgreSQL', open: (options = {}) => freshPostgresStore(options) },
];
