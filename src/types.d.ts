declare module '@journeyapps/wa-sqlite/src/examples/OPFSCoopSyncVFS.js' {
  export class OPFSCoopSyncVFS {
    static create(name: string, module: unknown, options?: unknown): Promise<OPFSCoopSyncVFS>;
    name: string;
  }
}
