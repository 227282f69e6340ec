/** Plain domain types shared by the worker, the UI and Node tools. Timestamps are Unix seconds. */
export type Role = 'admin' | 'user';
export type FileType = 'pdf' | 'epub';
export type BookSource = 'local' | 's3';
export type ReadingStatus = 'not_started' | 'reading' | 'completed';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: number;
  updatedAt: number;
}

export interface Book {
  id: string;
  title: string;
  author: string | null;
  description: string | null;
  fileType: FileType;
  filePath: string;
  fileSize: number;
  fileHash: string;
  fileMtime: number | null;
  coverPath: string | null;
  pageCount: number | null;
  addedAt: number;
  updatedAt: number;
  source: BookSource;
  s3Bucket: string | null;
  s3Etag: string | null;
  /** False for a book another device found in its folder and this device's folder lacks (sync). */
  onDevice: boolean;
}

/** The columns of a reading_progress row a save writes. */
export interface ProgressState {
  currentPage: number | null;
  totalPages: number | null;
  epubLocation: string | null;
  percentComplete: number;
  status: ReadingStatus;
  lastReadAt: number | null;
}

export interface ReadingProgress extends ProgressState {
  id: string;
  userId: string;
  bookId: string;
}

export interface Collection {
  id: string;
  userId: string;
  name: string;
  description: string | null;
  shareToken: string | null;
  sharedAt: number | null;
  createdAt: number;
}

export const DEFAULT_ADMIN = {
  id: '1',
  email: 'admin@localhost',
  password: 'admin123',
  displayName: 'Administrator',
} as const;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
