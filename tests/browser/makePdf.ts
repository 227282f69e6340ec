/**
 * PDFs made on the fly for reader tests and benchmarks: an encrypted one (RC4 40-bit, the
 * standard security handler revision 2, PDF 1.7 §7.6.3) and big ones (many pages, each with an
 * uncompressed image), written with a correct xref so pdf.js can read them in ranges.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const padded = (pw: string) => Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);

/** Assembles objects (bodies without "n 0 obj") into a PDF with an xref table. */
function assemble(objects: (string | Buffer)[], trailerExtra = ''): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n')]);
    chunks.push(b);
    offset += b.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(chunks);
}

/** One page reading `text`, openable only with `userPassword`. */
export function encryptedPdf(userPassword: string, text = 'Secret page'): Buffer {
  const id = createHash('md5').update('alex-encrypted-fixture').digest();
  const P = -44;
  const pBytes = Buffer.alloc(4);
  pBytes.writeInt32LE(P);
  const O = rc4(md5(padded('owner-' + userPassword)).subarray(0, 5), padded(userPassword));
  const key = md5(padded(userPassword), O, pBytes, id).subarray(0, 5);
  const U = rc4(key, PAD);
  const objKey = (num: number) => md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 10);
  const content = rc4(objKey(4), Buffer.from(`BT /F1 28 Tf 72 700 Td (${text}) Tj ET`, 'latin1'));
  return assemble(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P} >>`,
    ],
    `/Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] `,
  );
}

/**
 * Writes a PDF of about `targetBytes` to `path` without holding it in memory: `pages` pages,
 * each a line of text and one uncompressed grey image filling the rest of the size budget.
 */
export function writeLargePdf(path: string, targetBytes: number, pages = 200): { bytes: number; pages: number } {
  const side = Math.max(16, Math.floor(Math.sqrt(targetBytes / pages)));
  const imageBytes = side * side;
  const fd = openSync(path, 'w');
  let offset = 0;
  const offsets: number[] = [];
  const write = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    writeSync(fd, buf);
    offset += buf.length;
  };
  const obj = (num: number, body: string | Buffer[]) => {
    offsets[num] = offset;
    write(`${num} 0 obj\n`);
    if (typeof body === 'string') write(body);
    else for (const b of body) write(b);
    write('\nendobj\n');
  };
  write('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
  // 1 catalog, 2 pages, 3 font; page i: 4+3i page, 5+3i content, 6+3i image.
  const kids = Array.from({ length: pages }, (_, i) => `${4 + 3 * i} 0 R`).join(' ');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  obj(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  // One grey gradient row pattern, repeated: cheap to write, not all zeros.
  const row = Buffer.alloc(side, 0);
  for (let x = 0; x < side; x++) row[x] = 96 + Math.floor((x / side) * 128);
  const image = Buffer.alloc(imageBytes);
  for (let y = 0; y < side; y++) row.copy(image, y * side);
  for (let i = 0; i < pages; i++) {
    const n = 4 + 3 * i;
    obj(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${n + 1} 0 R /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 ${n + 2} 0 R >> >> >>`);
    const content = `BT /F1 24 Tf 72 730 Td (Generated page ${i + 1}) Tj ET q 468 0 0 560 72 120 cm /Im1 Do Q`;
    obj(n + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    obj(n + 2, [
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${imageBytes} >>\nstream\n`),
      image,
      Buffer.from('\nendstream'),
    ]);
  }
  const count = 3 + 3 * pages;
  const xrefAt = offset;
  write(`xref\n0 ${count + 1}\n0000000000 65535 f \n`);
  for (let k = 1; k <= count; k++) write(`${String(offsets[k]).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<< /Size ${count + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
  closeSync(fd);
  return { bytes: offset, pages };
}
