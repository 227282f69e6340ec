/**
 * A book's kept term counts as one blob: for each term in id order, the difference from the
 * previous id and the count, each an unsigned LEB128 varint (7 bits a byte, low bits first).
 * Most differences and counts are below 128: about 2.5 bytes a term.
 */
export function encodeCounts(counts: Map<number, number>): Uint8Array {
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const out: number[] = [];
  const put = (v: number) => {
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
  };
  let prev = 0;
  for (const id of ids) {
    put(id - prev);
    put(counts.get(id)!);
    prev = id;
  }
  return Uint8Array.from(out);
}

export function decodeCounts(bytes: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  let i = 0;
  const get = () => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[i++]!;
      v += (b & 0x7f) * scale;
      if (!(b & 0x80)) return v;
      scale *= 0x80;
    }
  };
  let id = 0;
  while (i < bytes.length) {
    id += get();
    out.set(id, get());
  }
  return out;
}
