/**
 * A one-line progress bar for a terminal; on anything else (CI logs, pipes) it stays quiet,
 * because a redrawn line turns into hundreds of lines there.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr, label = 'embedding') {
  const width = 28;
  let drawn = false;
  return {
    update(done: number, total: number): void {
      if (!stream.isTTY || total === 0) return;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} chunks`);
      drawn = true;
    },
    finish(): void {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
