declare module '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js' {
  export class OPFSCoopSyncVFS {
    static create(name: string, module: unknown, options?: unknown): Promise<OPFSCoopSyncVFS>;
    name: string;
  }
}
declare module '@journeyapps/wa-sqlite/src/examples/MemoryVFS.js' {
  export class MemoryVFS {
    static create(name: string, module: unknown): Promise<MemoryVFS>;
    name: string;
  }
}
