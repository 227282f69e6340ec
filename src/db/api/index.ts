/**
 * The contract between the page and the database worker: the only part of src/db/ the UI
 * imports (types, and a few constants). One file per domain, mirroring src/db/handlers/. Calls
 * are intents, never SQL. Every call but the public ones takes the session token first; the
 * worker checks it (and the role) on every call, whatever the UI shows. Errors arrive as
 * AppError with a stable `code` (src/domain/errors.ts).
 */
import type { AnnotationsApi } from './annotations';
import type { AuthApi } from './auth';
import type { BackupApi } from './backup';
import type { CollectionsApi } from './collections';
import type { IngestApi } from './ingest';
import type { LibraryApi } from './library';
import type { ProgressApi } from './progress';
import type { S3Api } from './s3';
import type { SharedApi } from './sharing';
import type { SyncApi } from './sync';
import type { SystemApi } from './system';
import type { UsersApi } from './users';
import type { TextIndexApi } from './textIndex';

export type DbApi = SystemApi & AuthApi & UsersApi & BackupApi & ProgressApi & IngestApi & LibraryApi & CollectionsApi & SharedApi & S3Api & AnnotationsApi & SyncApi & TextIndexApi;

export * from './common';
export * from './system';
export * from './auth';
export * from './users';
export * from './backup';
export * from './progress';
export * from './library';
export * from './collections';
export * from './sharing';
export * from './ingest';
export * from './s3';
export * from './annotations';
export * from './sync';
export * from './textIndex';
