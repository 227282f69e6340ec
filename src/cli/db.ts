/**
 * Schema commands for database files outside the browser (backups, inspection), with sql.js:
 *   db push  [path]   apply migrations (default data/library.db)
 *   db seed  [path]   upsert the default admin
 *   db reset [path]   delete the file (and -wal/-shm), push, seed
 */
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSqlJsFile, saveSqlJsFile } from '../db/openSqlJs';
import { migrate } from '../db/migrate';
import { loadMigrations } from '../db/loadMigrations';
import { seedDefaultAdmin } from '../db/queries/users';
import { isAppError } from '../domain/errors';

const DEFAULT_PATH = 'data/library.db';

async function push(path: string): Promise<void> {
  const db = await openSqlJsFile(path);
  try {
    const { applied, version } = await migrate(db, loadMigrations());
    saveSqlJsFile(db, path);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${path}: ${applied.join(', ')} (schema version ${version}).`
        : `${path} is up to date (schema version ${version}).`,
    );
  } finally {
    await db.close();
  }
}

async function seed(path: string): Promise<void> {
  if (!existsSync(path)) throw new Error(`${path} does not exist: run "npm run db:push -- ${path}" first.`);
  const db = await openSqlJsFile(path);
  try {
    const created = await seedDefaultAdmin(db);
    saveSqlJsFile(db, path);
    console.log(created ? `Created the default admin (admin@localhost) in ${path}.` : `The default admin already exists in ${path}; left unchanged.`);
  } finally {
    await db.close();
  }
}

async function reset(path: string): Promise<void> {
  const existed = existsSync(path);
  for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(f, { force: true });
  console.log(existed ? `Deleted ${path}.` : `No database at ${path} yet; making a new one.`);
  await push(path);
  await seed(path);
}

const commands: Record<string, (path: string) => Promise<void>> = { push, seed, reset };

async function main(argv: string[]): Promise<number> {
  const [command, pathArg, ...extra] = argv;
  const run = command && commands[command];
  if (!run || extra.length) {
    console.error('Usage: db <push|seed|reset> [path-to-database-file]   (default data/library.db)');
    return 2;
  }
  const path = resolve(pathArg ?? DEFAULT_PATH);
  try {
    await run(path);
    return 0;
  } catch (e) {
    const msg = isAppError(e) ? `${e.message} [${e.code}]` : e instanceof Error ? e.message : String(e);
    console.error(`db ${command} failed for ${path}: ${msg}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
