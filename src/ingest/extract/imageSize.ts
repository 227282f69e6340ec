/**
 * Width and height from an image's header, without decoding it: lets the cover code skip
 * icons (the "first image of the first page" is often a bullet or an arrow) and refuse
 * pixel bombs (a 40000 × 40000 PNG is a few KB compressed and gigabytes decoded).
 * Null when the format is not one we know; the caller then lets the decoder decide.
 */
export function imageSize(b: Uint8Array): { width: number; height: number } | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // PNG: signature, then IHDR width/height (big-endian) at 16 and 20.
  if (b.length >= 24 && v.getUint32(0) === 0x89504e47 && v.getUint32(4) === 0x0d0a1a0a) {
    return { width: v.getUint32(16), height: v.getUint32(20) };
  }
  // GIF: "GIF8", logical screen size (little-endian) at 6 and 8.
  if (b.length >= 10 && v.getUint32(0) === 0x47494638) {
    return { width: v.getUint16(6, true), height: v.getUint16(8, true) };
  }
  // WebP: RIFF....WEBP, then VP8 / VP8L / VP8X chunk.
  if (b.length >= 30 && v.getUint32(0) === 0x52494646 && v.getUint32(8) === 0x57454250) {
    const chunk = v.getUint32(12);
    if (chunk === 0x56503820) return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff }; // "VP8 "
    if (chunk === 0x5650384c) {
      const bits = v.getUint32(21, true); // "VP8L": 14-bit width-1, 14-bit height-1
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 0x56503858) {
      const w = b[24]! | (b[25]! << 8) | (b[26]! << 16);
      const h = b[27]! | (b[28]! << 8) | (b[29]! << 16);
      return { width: w + 1, height: h + 1 };
    }
    return null;
  }
  // JPEG: walk the segments to the first start-of-frame marker.
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let p = 2;
    while (p + 9 < b.length) {
      if (b[p] !== 0xff) return null;
      const marker = b[p + 1]!;
      if (marker === 0xff) {
        p++;
        continue;
      }
      const len = v.getUint16(p + 2);
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return { width: v.getUint16(p + 7), height: v.getUint16(p + 5) };
      p += 2 + len;
    }
    return null;
  }
  return null;
}
