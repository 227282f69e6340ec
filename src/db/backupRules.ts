import type { Db } from './Db';
import { AppError } from '../domain/errors';
import { checkS3Config, S3_SETTING } from './handlers/s3';

/** What a restore repaired rather than refused, in words the admin is shown. */
export type Repairs = string[];

// eslint-disable-next-line no-control-regex
const CONTROL = '*[' + Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('') + '\u007f]*';

/** Rows the app would never have written: refused, since guessing the right value is not possible. */
const REFUSED: { what: string; where: string; params?: string[] }[] = [
  { what: 'a file type other than PDF or EPUB', where: "file_type IS NULL OR file_type NOT IN ('pdf', 'epub')" },
  { what: 'an unknown source', where: "source IS NULL OR source NOT IN ('local', 's3')" },
  { what: 'a file hash that is not a SHA-256', where: "typeof(file_hash) <> 'text' OR length(file_hash) <> 64 OR file_hash GLOB '*[^0-9a-f]*'" },
  {
    what: 'a file path outside the books folder',
    where: `typeof(file_path) <> 'text' OR file_path = '' OR file_path GLOB ?
      OR (source = 'local' AND (length(file_path) > 4096 OR substr(file_path, 1, 1) = '/' OR instr(file_path, '\\') > 0
          OR ('/' || file_path || '/') GLOB '*/../*' OR ('/' || file_path || '/') GLOB '*/./*' OR ('/' || file_path || '/') GLOB '*//*'))
      OR (source = 's3' AND length(file_path) > 1024)`,
    params: [CONTROL],
  },
];

/** A cover path the ingest worker writes: covers/<64 hex>.<webp|jpg|png> (see domain/coverPath.ts). */
const BAD_COVER = `cover_path IS NOT NULL AND NOT (typeof(cover_path) = 'text' AND substr(cover_path, 1, 7) = 'covers/'
  AND substr(cover_path, 8, 64) NOT GLOB '*[^0-9a-f]*' AND length(substr(cover_path, 8, 64)) = 64
  AND substr(cover_path, 72) IN ('.webp', '.jpg', '.png'))`;

async function count(db: Db, sql: string, params: string[] = []): Promise<number> {
  return Number((await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${sql}`, params))?.n ?? 0);
}

/**
 * Holds a backup (already migrated, on its own connection) to the rules the app enforces
 * everywhere else, before any of it replaces the library. Refuses, changing nothing: no
 * administrator (the next start would re-create admin@localhost with the default password),
 * book rows with an impossible type, source, hash or path. Repairs, and says so: cover paths
 * that are not covers (a scan deletes the cover of a removed book: `imported` would delete a
 * folder), unknown roles (made regular users), progress outside 0–100 % or with an unknown
 * status, and an S3 configuration the S3 panel would refuse.
 */
export async function checkBackupRows(candidate: Db): Promise<Repairs> {
  const repairs: Repairs = [];
  for (const rule of REFUSED) {
    const n = await count(candidate, `books WHERE ${rule.where}`, rule.params);
    if (n) throw new AppError('NOT_AN_ALEX_DATABASE', `This backup has ${n} book${n === 1 ? '' : 's'} with ${rule.what}; nothing was changed.`);
  }
  const roles = await candidate.run("UPDATE users SET role = 'user' WHERE role IS NULL OR role NOT IN ('admin', 'user')");
  if (roles) repairs.push(`${roles} account${roles === 1 ? '' : 's'} with an unknown role became regular users`);
  if (!(await count(candidate, "users WHERE role = 'admin'")))
    throw new AppError('NOT_AN_ALEX_DATABASE', 'This backup has no administrator, so nobody could manage the library after restoring it; nothing was changed.');
  const covers = await candidate.run(`UPDATE books SET cover_path = NULL WHERE ${BAD_COVER}`);
  if (covers) repairs.push(`${covers} invalid cover path${covers === 1 ? ' was' : 's were'} dropped`);
  const percent = await candidate.run(
    `UPDATE reading_progress SET percent_complete = CASE WHEN typeof(percent_complete) NOT IN ('integer', 'real') THEN 0
       ELSE MIN(100, MAX(0, percent_complete)) END
     WHERE typeof(percent_complete) NOT IN ('integer', 'real') OR percent_complete < 0 OR percent_complete > 100`,
  );
  const status = await candidate.run(
    `UPDATE reading_progress SET status = CASE WHEN percent_complete >= 100 THEN 'completed' WHEN percent_complete > 0 THEN 'reading' ELSE 'not_started' END
     WHERE status IS NULL OR status NOT IN ('not_started', 'reading', 'completed')`,
  );
  if (percent + status) repairs.push(`${percent + status} reading position${percent + status === 1 ? ' was' : 's were'} corrected`);
  if (await s3ConfigRefused(candidate)) repairs.push('the S3 settings were not valid and were removed');
  return repairs;
}

async function s3ConfigRefused(candidate: Db): Promise<boolean> {
  const row = await candidate.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [S3_SETTING.config]);
  if (!row) return false;
  try {
    checkS3Config(JSON.parse(row.value));
    return false;
  } catch {
    await candidate.run('DELETE FROM settings WHERE key IN (?, ?)', [S3_SETTING.config, S3_SETTING.status]);
    return true;
  }
}
