/** A SQL string literal for LanceDB filters; values come from validated input, quoting is belt and braces. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(', ')})`;
}
