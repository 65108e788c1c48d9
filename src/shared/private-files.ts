import { chmod, lstat, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";

/** The process umask for everything Tandang writes: files 0600, directories 0700. */
export const PRIVATE_UMASK = 0o077;
export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the directory (and parents) for the owner alone; an existing one is tightened. */
export async function ensurePrivateDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  await chmod(path, PRIVATE_DIRECTORY_MODE);
}

/**
 * Removes group and other permissions from everything under `root` (files keep their owner
 * bits, directories become 0700), whatever wrote them: the embedded database engine, an older
 * version of Tandang, a restored backup. Symbolic links are not followed. Returns how many
 * entries were changed.
 */
export async function restrictToOwner(root: string): Promise<number> {
  let changed = 0;
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path);
    if (stats.isSymbolicLink()) return;
    const mode = stats.mode & 0o777;
    const wanted = stats.isDirectory() ? PRIVATE_DIRECTORY_MODE : mode & 0o700;
    if (mode !== wanted) {
      await chmod(path, wanted);
      changed += 1;
    }
    if (stats.isDirectory()) {
      for (const entry of await readdir(path)) await visit(join(path, entry));
    }
  };
  await visit(root);
  return changed;
}
