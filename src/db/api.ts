/**
 * The contract between the page and the database worker: the only file of src/db/ the UI
 * imports (types only). Calls are intents, never SQL. Every call but the public ones takes the
 * session token first; the worker checks it (and the role) on every call, whatever the UI shows.
 * Errors arrive as AppError with a stable `code` (src/domain/errors.ts).
 */
import type { User, Role } from '../domain/types';
import type { S3Api } from './s3Api';
import type { Book, ReadingProgress, ReadingStatus } from '../domain/types';
import type { SavedPosition } from '../domain/progress';
import type { BookCard, LibraryQuery } from '../domain/library';
import type { CollectionChoice, CollectionSummary, SharedCollection } from '../domain/collections';

export type Token = string;

import type { IngestApi } from './ingestApi';
export type * from './ingestApi';

export interface BootInfo {
  libraryName: string;
  /** Number of migrations applied (PRAGMA user_version). */
  schemaVersion: number;
  migrations: string[];
  bookCount: number;
  libraryVersion: number;
}

export interface SessionInfo {
  user: User;
  mustChangePassword: boolean;
  persistent: boolean;
  expiresAt: number;
}

export interface SignInResult extends SessionInfo {
  /** Secret for this browser; only its SHA-256 is stored. */
  token: Token;
}

/** Calls that need no session. */
export interface SystemApi {
  boot(): Promise<BootInfo>;
}

export interface AuthApi {
  /** Throws UNAUTHENTICATED (wrong email or password, one message) or RATE_LIMITED {retryAfter}. */
  signIn(email: string, password: string, staySignedIn: boolean): Promise<SignInResult>;
  signOut(token: Token): Promise<void>;
  /** The session's user, or null when the token is unknown or expired. */
  whoAmI(token: Token): Promise<SessionInfo | null>;
  changeOwnPassword(token: Token, oldPassword: string, newPassword: string): Promise<void>;
  updateOwnProfile(token: Token, patch: { displayName: string }): Promise<User>;
}

export interface NewUserInput {
  email: string;
  displayName: string;
  password: string;
  role: Role;
}

/** Admin only. */
export interface UsersApi {
  listUsers(token: Token): Promise<User[]>;
  createUser(token: Token, input: NewUserInput): Promise<User>;
  deleteUser(token: Token, userId: string): Promise<void>;
  resetUserPassword(token: Token, userId: string, newPassword: string): Promise<void>;
  setUserRole(token: Token, userId: string, role: Role): Promise<void>;
}

export interface RestoreSummary {
  books: number;
  users: number;
  collections: number;
  /** Migrations applied to bring an older backup up to date. */
  migrated: string[];
}

/** Admin only. */
export interface BackupApi {
  /** The catalogue as one SQLite file (same format as the db:* commands), without sessions. */
  exportLibrary(token: Token): Promise<Uint8Array>;
  /** Replaces the catalogue with a backup after checking it; every session ends. */
  restoreLibrary(token: Token, bytes: Uint8Array): Promise<RestoreSummary>;
  /** Bytes used by the catalogue file itself. */
  databaseSize(token: Token): Promise<number>;
}

/** A book's record for a reader, and how this library keeps local files. */
export interface BookForReading {
  book: Book;
  /** settings.local_mode: 'import' = copies in OPFS imported/, 'folder' = the picked folder. */
  localMode: 'folder' | 'import' | null;
}

/** Each user's own progress (readers). Saving moves the status by itself (src/domain/progress.ts). */
export interface ProgressApi {
  getBookForReading(token: Token, bookId: string): Promise<BookForReading>;
  getProgress(token: Token, bookId: string): Promise<ReadingProgress | null>;
  /** Throws NOT_FOUND for an unknown book, INVALID_INPUT for a bad position. */
  saveProgress(token: Token, bookId: string, position: SavedPosition): Promise<ReadingProgress>;
  /** Explicit change ("Mark as finished", "Read again", "Mark as unread"); completed is otherwise sticky. */
  setReadingStatus(token: Token, bookId: string, status: ReadingStatus): Promise<ReadingProgress>;
}

/** A page of the library grid (see src/db/queries/library.ts). */
export interface BookPageRequest {
  offset: number;
  /** At most 200. */
  limit: number;
  /** Also count the matching books (the grid asks once per query, not on every scroll). */
  count?: boolean;
  /** The previous page's `next`: continue right after it (same cost anywhere in the list). */
  after?: string;
}

export interface BookPage {
  books: BookCard[];
  total?: number;
  /** Where the next page starts, when this one is full (not for "recently read"). */
  next?: string;
  /** Books still waiting for the search index (written around the repository code); 0 normally. */
  indexing: number;
}

export interface BookDetails {
  book: Book;
  progress: ReadingProgress | null;
  /** The caller's collections that hold the book. */
  collections: { id: string; name: string }[];
}

/**
 * The library grid and shelves. With `collectionId`, only that collection's books (the caller's
 * own collection, else NOT_FOUND). The Now Reading books are left out of a page when the query
 * shows the shelf (src/domain/library.ts showsNowReading). Marking read/unread is ProgressApi's
 * setReadingStatus.
 */
export interface LibraryApi {
  listBooks(token: Token, query: LibraryQuery, page: BookPageRequest, collectionId?: string): Promise<BookPage>;
  nowReading(token: Token, collectionId?: string): Promise<BookCard[]>;
  getBookDetails(token: Token, bookId: string): Promise<BookDetails>;
}

/** Each user's own collections; another user's collection is NOT_FOUND, whoever asks. */
export interface CollectionsApi {
  listCollections(token: Token): Promise<CollectionSummary[]>;
  getCollection(token: Token, collectionId: string): Promise<CollectionSummary>;
  /** Name required, at most 100 characters; description optional. */
  createCollection(token: Token, input: { name: string; description?: string | null }): Promise<CollectionSummary>;
  updateCollection(token: Token, collectionId: string, patch: { name?: string; description?: string | null }): Promise<CollectionSummary>;
  /** Removes the collection and its links, never the books. */
  deleteCollection(token: Token, collectionId: string): Promise<void>;
  /** Adds (member = true) or removes the book; doing it twice is harmless. */
  setBookInCollection(token: Token, collectionId: string, bookId: string, member: boolean): Promise<void>;
  /** The caller's collections, each ticked when it holds the book. */
  collectionChoices(token: Token, bookId: string): Promise<CollectionChoice[]>;
  /** A new unguessable token every time; the previous link stops working. */
  shareCollection(token: Token, collectionId: string): Promise<{ shareToken: string }>;
  stopSharing(token: Token, collectionId: string): Promise<void>;
}

/** A book opened through a share link: what a reader needs, nothing about who shared it. */
export type SharedBook = Pick<Book, 'id' | 'title' | 'author' | 'fileType' | 'filePath' | 'fileSize' | 'fileHash' | 'source' | 's3Bucket' | 'pageCount' | 'coverPath'> & {
  localMode: 'folder' | 'import' | null;
};

/**
 * Public calls for /shared/<token>: no session. A revoked or unknown token is NOT_FOUND ("This
 * link is no longer shared."), and so is any book outside that collection, whatever the URL says.
 */
export interface SharedApi {
  getSharedCollection(shareToken: string): Promise<SharedCollection>;
  listSharedBooks(shareToken: string, page: BookPageRequest): Promise<{ books: BookCard[]; total: number }>;
  getSharedBook(shareToken: string, bookId: string): Promise<SharedBook>;
}

export type DbApi = SystemApi & AuthApi & UsersApi & BackupApi & ProgressApi & IngestApi & LibraryApi & CollectionsApi & SharedApi & S3Api;

/** Posted on the BroadcastChannel CHANGES_CHANNEL after a committed write. */
export interface ChangeEvent {
  libraryVersion: number;
  tables: string[];
}

export const CHANGES_CHANNEL = 'alex-changes';
