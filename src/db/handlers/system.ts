import type { SystemApi } from '../api';
import type { HandlerContext } from '../context';
import { appliedMigrations, schemaVersion } from '../migrate';
import { countBooks } from '../queries/books';
import { getLibraryVersion, getSetting } from '../queries/settings';

export function systemHandlers(ctx: HandlerContext): SystemApi {
  return {
    async boot() {
      const { db } = ctx;
      const migrations = await appliedMigrations(db);
      return {
        libraryName: (await getSetting(db, 'library_name')) ?? 'Alex',
        schemaVersion: await schemaVersion(db),
        migrations,
        bookCount: await countBooks(db),
        libraryVersion: await getLibraryVersion(db),
      };
    },
  };
}
