export { type Checkpoint, type CheckpointResult, checkpointAfterRemoval } from './checkpoint.ts';
export { createPostgresStore, type PostgresStoreOptions } from './postgres-store.ts';
export * from './records.ts';
export type * from './repositories.ts';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
export { type StorageFailure, storageFailure } from './storage-failure.ts';
export { DuplicateError, InvalidCursorError } from './store-support.ts';
