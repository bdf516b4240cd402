import fs from 'node:fs';
import path from 'node:path';

const LOCK_NAME = 'forumkit-engine.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dir` for this process so two engines never write the same journal.
 * A lock left behind by a process that no longer runs (kill -9) is taken over.
 */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) {
        throw new Error(
          `database directory ${dir} is in use by process ${owner} (lock file ${file})`,
          { cause: err },
        );
      }
      if (owner === process.pid)
        throw new Error(`database directory ${dir} is already open in this process`, {
          cause: err,
        });
      fs.unlinkSync(file); // stale lock from a process that died
    }
  }
  throw new Error(`could not lock ${file}`);
}
