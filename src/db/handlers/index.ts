import type { DbApi } from '../api';
import type { HandlerContext } from '../context';
import { annotationsHandlers } from './annotations';
import { authHandlers } from './auth';
import { ingestHandlers } from './ingest';
import { progressHandlers } from './progress';
import { backupHandlers } from './backup';
import { s3Handlers } from './s3';
import { systemHandlers } from './system';
import { usersHandlers } from './users';
import { libraryHandlers } from './library';
import { collectionsHandlers } from './collections';
import { sharingHandlers } from './sharing';
import { syncHandlers } from './sync';
import { textIndexHandlers } from './textIndex';

/** Every worker call, by domain. Node tests call this directly on sql.js or wa-sqlite. */
export function makeHandlers(ctx: HandlerContext): DbApi {
  return {
    ...systemHandlers(ctx),
    ...authHandlers(ctx),
    ...ingestHandlers(ctx),
    ...usersHandlers(ctx),
    ...progressHandlers(ctx),
    ...backupHandlers(ctx),
    ...libraryHandlers(ctx),
    ...collectionsHandlers(ctx),
    ...sharingHandlers(ctx),
    ...s3Handlers(ctx),
    ...annotationsHandlers(ctx),
    ...syncHandlers(ctx),
    ...textIndexHandlers(ctx),
  };
}
