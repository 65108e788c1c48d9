import { chmod, lstat, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";

/** The process umask for everything Tandang writes: files 0600, directories 0700. */
export const PRIVATE_UMASK = 0o077;
export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates the directory (and parents) for the owner alone; an existing one of ours is tightened.
 * Returns false when it belongs to another user and stays as it is (the caller warns).
 */
export async function ensurePrivateDirectory(path: string): Promise<boolean> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  if (!ownedByUs((await lstat(path)).uid)) return false;
  await chmod(path, PRIVATE_DIRECTORY_MODE);
  return true;
}

export interface Tightening {
  /** Entries whose group/other permissions were removed. */
  changed: number;
  /** Entries left open because another user owns them (e.g. files copied in as root). */
  notOurs: string[];
}

/**
 * Removes group and other permissions from everything under `root` (files keep their owner
 * bits, directories become 0700), whatever wrote them: the embedded database engine, an older
 * version of Tandang, a restored backup. Symbolic links are not followed; entries another user
 * owns cannot be changed and are reported instead.
 */
export async function restrictToOwner(root: string): Promise<Tightening> {
  const result: Tightening = { changed: 0, notOurs: [] };
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return;
    const mode = stats.mode & 0o777;
    const wanted = stats.isDirectory() ? PRIVATE_DIRECTORY_MODE : mode & 0o700;
    if (mode !== wanted) {
      if (ownedByUs(stats.uid)) {
        await chmod(path, wanted);
        result.changed += 1;
      } else {
        result.notOurs.push(path);
      }
    }
    if (stats.isDirectory()) {
      for (const entry of await readdir(path)) await visit(join(path, entry));
    }
  };
  await visit(root);
  return result;
}

function ownedByUs(uid: number): boolean {
  // Windows has no owner ids: chmod there only toggles read-only, so nothing is refused.
  return typeof process.getuid !== "function" || process.getuid() === 0 || process.getuid() === uid;
}
