// LanceDB's native logger reads LANCEDB_LOG when it loads; by default it would print
// warnings meant for LanceDB's developers on every table creation. An operator can still
// set LANCEDB_LOG=info (or debug) to see them.
process.env.LANCEDB_LOG ??= 'error';
