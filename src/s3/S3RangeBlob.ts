/**
 * Looks enough like a Blob for the PDF reader (size, slice(), arrayBuffer()) while reading an
 * S3 object by HTTP range requests: pdf.js asks for the ranges it needs, so a large PDF in a
 * bucket opens at once without being downloaded whole.
 */
export type RangeReader = (start: number, end: number) => Promise<Blob>;

export class S3RangeBlob {
  constructor(
    readonly size: number,
    private readonly read: RangeReader,
    readonly type = 'application/pdf',
    private readonly start = 0,
  ) {}

  slice(start = 0, end = this.size): S3RangeBlob {
    const s = Math.max(0, Math.min(this.size, start < 0 ? this.size + start : start));
    const e = Math.max(s, Math.min(this.size, end < 0 ? this.size + end : end));
    return new S3RangeBlob(e - s, this.read, this.type, this.start + s);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.size === 0) return new ArrayBuffer(0);
    return (await this.read(this.start, this.start + this.size)).arrayBuffer();
  }

  stream(): ReadableStream<Uint8Array> {
    const whole = this.arrayBuffer();
    return new ReadableStream({
      async start(c) {
        c.enqueue(new Uint8Array(await whole));
        c.close();
      },
    });
  }
}
