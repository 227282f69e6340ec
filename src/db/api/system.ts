export interface BootInfo {
  libraryName: string;
  /** Number of migrations applied (PRAGMA user_version). */
  schemaVersion: number;
  migrations: string[];
  bookCount: number;
  libraryVersion: number;
}

/** Calls that need no session. */
export interface SystemApi {
  boot(): Promise<BootInfo>;
}
