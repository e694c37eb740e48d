import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small file system of a test's own: a tmpfs of a few megabytes, which the test can fill to
 * the last byte or turn read-only under a running server, as a full or failing disk would be.
 * Mounting needs root (or CAP_SYS_ADMIN); `mount` says undefined where that is not allowed.
 */
export class ScratchDisk {
  private filler?: string;

  private constructor(readonly path: string) {}

  static mount(megabytes: number): ScratchDisk | undefined {
    const path = mkdtempSync(join(tmpdir(), 'mentor-coach-disk-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0755`, 'tmpfs', path], { stdio: 'ignore' });
      return new ScratchDisk(path);
    } catch {
      rmSync(path, { recursive: true, force: true });
      return undefined;
    }
  }

  /** Takes every free byte, as another program or a log gone wild would. */
  fill(): void {
    this.filler = join(this.path, 'filler');
    const fd = openSync(this.filler, 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, block);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      // The last partial block: down to the final byte.
      for (let size = block.length / 2; size >= 1; size = Math.floor(size / 2)) {
        try {
          for (;;) writeSync(fd, block, 0, size);
        } catch {
          // This size no longer fits: try half of it.
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Gives the space back. */
  free(): void {
    if (this.filler) rmSync(this.filler, { force: true });
    this.filler = undefined;
  }

  /** Remounts read-only (or back): every write on it then fails with EROFS, even as root. */
  readOnly(on: boolean): void {
    execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, this.path], { stdio: 'ignore' });
  }

  unmount(): void {
    try {
      execFileSync('umount', ['-l', this.path], { stdio: 'ignore' });
    } finally {
      rmSync(this.path, { recursive: true, force: true });
    }
  }
}
