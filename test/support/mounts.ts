/**
 * Small tmpfs mounts to make a disk full or read-only for real. Needs root (CI and the
 * development machines here run as root); elsewhere the tests that use it skip and say why.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';

export const mountProblem: string | null = (() => {
  if (process.platform !== 'linux') return 'tmpfs mounts need Linux';
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root';
  const probe = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return null;
  } catch {
    return 'this machine does not allow mounting a tmpfs';
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
})();

export interface SmallDisk {
  dir: string;
  remount(options: string): void;
  unmount(): void;
}

export function smallDisk(sizeKb: number): SmallDisk {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'fieldnote-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir]);
  return {
    dir,
    remount: (options) => execFileSync('mount', ['-o', `remount,${options}`, dir]),
    unmount: () => {
      execFileSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
