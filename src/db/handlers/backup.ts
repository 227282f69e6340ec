import type { BackupApi } from '../api';
import type { HandlerContext } from '../context';
import { AppError } from '../../domain/errors';
import { databaseSize, exportDatabase, restoreDatabase } from '../backup';
import { requireAdmin } from './guard';

/** Admin only: a backup holds every user's password hash and every collection. */
export function backupHandlers(ctx: HandlerContext): BackupApi {
  function scratch() {
    if (!ctx.scratch || !ctx.migrations) throw new AppError('INTERNAL', 'Backups need the browser database.');
    return { mem: ctx.scratch, migrations: ctx.migrations };
  }
  return {
    async exportLibrary(token) {
      await requireAdmin(ctx, token);
      return exportDatabase(ctx.db, scratch().mem);
    },
    async restoreLibrary(token, bytes) {
      await requireAdmin(ctx, token);
      if (!(bytes instanceof Uint8Array)) throw new AppError('INVALID_INPUT', 'Choose a backup file to restore.');
      const { mem, migrations } = scratch();
      const summary = await restoreDatabase(ctx.db, mem, bytes, migrations);
      ctx.changed(['books', 'users', 'collections', 'reading_progress', 'settings', 'annotations']);
      return summary;
    },
    async databaseSize(token) {
      await requireAdmin(ctx, token);
      return databaseSize(ctx.db);
    },
  };
}
