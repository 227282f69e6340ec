/**
 * PDFs made on the fly for reader tests and benchmarks: an encrypted one and big ones (many
 * pages, each with an uncompressed image), written with a correct xref so pdf.js can read them
 * in ranges.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { makeEncryptedPdf } from '../unit/fixtures/encryptedPdf';
import { assemble } from '../unit/fixtures/pdfs';

/** One page reading `text`, openable only with `userPassword`. */
export function encryptedPdf(userPassword: string, text = 'Secret page'): Uint8Array {
  return makeEncryptedPdf({ userPassword, ownerPassword: 'owner-' + userPassword, text });
}

/**
 * One page in ZapfDingbats, a standard font pdf.js never takes from the system: drawing the page
 * waits for pdf.js to fetch its font file (from /pdfjs/standard_fonts/), which a test can hold.
 */
export function dingbatsPdf(text = 'a4'): Uint8Array {
  const content = `BT /F1 48 Tf 72 700 Td (${text}) Tj ET`;
  return assemble(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>',
    ],
    '/Root 1 0 R',
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
