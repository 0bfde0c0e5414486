// Read-only queries against the bot's SQLite database, for checks of what the bot stored.
// Uses node:sqlite where Node has it (22.5 and later), otherwise the sqlite3 command-line shell (Debian: sqlite3).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function nodeSqlite() {
  try {
    return require('node:sqlite');
  } catch {
    return null;
  }
}

/** Which engine queryRows() will use: "node:sqlite", "sqlite3" or null (none available). */
export async function sqliteEngine() {
  if (nodeSqlite()) return 'node:sqlite';
  const found = await new Promise((resolve) => {
    execFile('sqlite3', ['-version'], { timeout: 5000 }, (error) => resolve(!error));
  });
  return found ? 'sqlite3' : null;
}

/**
 * Runs one SELECT on the database file, read-only, and returns its rows as plain objects keyed by column name.
 * Throws with a sentence a person can act on if the file is missing, no engine is available or the query fails.
 */
export async function queryRows(file, sql) {
  if (!existsSync(file)) throw new Error(`the database ${file} does not exist`);
  const sqlite = nodeSqlite();
  if (sqlite) {
    const db = new sqlite.DatabaseSync(file, { readOnly: true });
    try {
      return db.prepare(sql).all().map((row) => ({ ...row }));
    } finally {
      db.close();
    }
  }
  return new Promise((resolve, reject) => {
    // -readonly: never change the bot's database; -json: rows as a JSON array ("" when there are none).
    execFile('sqlite3', ['-readonly', '-json', file, sql], { timeout: 10_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error?.code === 'ENOENT') {
          reject(new Error(`cannot read ${file}: this Node (${process.version}) has no node:sqlite and the sqlite3 `
            + 'shell is not installed (apt-get install -y sqlite3)'));
        } else if (error) {
          reject(new Error(`sqlite3 failed on "${sql}": ${(stderr || error.message).trim()}`));
        } else {
          try {
            resolve(stdout.trim() ? JSON.parse(stdout) : []);
          } catch (e) {
            reject(new Error(`sqlite3 printed something that is not JSON: ${e.message}`));
          }
        }
      });
  });
}
