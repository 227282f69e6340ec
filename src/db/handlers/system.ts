import type { SystemApi } from '../api';
import type { HandlerContext } from '../context';
import { appliedMigrations } from '../migrate';
import { countBooks } from '../queries/books';
import { getLibraryVersion, getSetting } from '../queries/settings';

export function systemHandlers(ctx: HandlerContext): SystemApi {
  return {
    async boot() {
      const { db } = ctx;
      const migrations = await appliedMigrations(db);
      const version = await db.get<{ user_version: number }>('PRAGMA user_version');
      return {
        libraryName: (await getSetting(db, 'library_name')) ?? 'Alex',
        schemaVersion: Number(version?.user_version ?? 0),
        migrations,
        bookCount: await countBooks(db),
        libraryVersion: await getLibraryVersion(db),
      };
    },
  };
}
