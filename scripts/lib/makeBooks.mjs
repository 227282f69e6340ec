/**
 * Generated books for benchmarks: small but real PDFs (text pages, an info dictionary) and
 * EPUB 3 files (OPF metadata, a PNG cover, a few chapters), different bytes for every seed.
 */
import { deflateSync } from 'node:zlib';
import { zipSync, strToU8 } from 'fflate';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An RGB PNG with a vertical gradient from the seed's colour: decodes like a real cover. */
export function makePng(width, height, seed) {
  const base = [(seed * 67) % 200, (seed * 131) % 200, (seed * 29) % 200];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      const i = row + 1 + x * 3;
      raw[i] = base[0] + (y * 55) / height;
      raw[i + 1] = base[1] + (x * 55) / width;
      raw[i + 2] = base[2] + 40;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const WORDS = 'the of and library reading book page chapter river mountain garden history science letters music light winter ocean stars kingdom machine'.split(' ');
function sentence(seed, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += (i ? ' ' : '') + WORDS[(seed * 7 + i * 13 + ((seed >> 3) ^ i)) % WORDS.length];
  return s;
}
const pdfString = (s) => `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** A PDF of `pages` text pages with Title and Author in its info dictionary. */
export function makePdf({ title, author, pages = 20, seed = 1 }) {
  const objects = [];
  const add = (body) => objects.push(body) && objects.length;
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const info = add(`<< /Title ${pdfString(title)} /Author ${pdfString(author)} /Producer (Alex benchmark) >>`);
  const kids = [];
  for (let p = 0; p < pages; p++) {
    let text = 'BT /F1 11 Tf 72 730 Td 14 TL\n';
    if (p === 0) text = `0.${seed % 9} 0.3 0.5 rg 0 0 612 792 re f 1 1 1 rg BT /F1 28 Tf 72 600 Td ${pdfString(title)} Tj ET\nBT /F1 11 Tf 72 500 Td 14 TL\n`;
    for (let l = 0; l < 32; l++) text += `${pdfString(sentence(seed + p * 31 + l, 11))} '\n`;
    text += 'ET';
    const content = add(`<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** An EPUB 3 with title, author, description, a PNG cover and `chapters` chapters. */
export function makeEpub({ title, author, chapters = 5, seed = 1, cover = true }) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const files = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
  };
  const items = [];
  const spine = [];
  for (let c = 1; c <= chapters; c++) {
    let body = `<h1>Chapter ${c}</h1>`;
    for (let p = 0; p < 12; p++) body += `<p>${esc(sentence(seed * 97 + c * 17 + p, 40))}.</p>`;
    files[`OEBPS/ch${c}.xhtml`] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter ${c}</title></head><body>${body}</body></html>`,
    );
    items.push(`<item id="ch${c}" href="ch${c}.xhtml" media-type="application/xhtml+xml"/>`);
    spine.push(`<itemref idref="ch${c}"/>`);
  }
  files['OEBPS/nav.xhtml'] = strToU8(
    `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>${spine
      .map((_, i) => `<li><a href="ch${i + 1}.xhtml">Chapter ${i + 1}</a></li>`)
      .join('')}</ol></nav></body></html>`,
  );
  items.push('<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>');
  if (cover) {
    files['OEBPS/cover.png'] = [makePng(400, 600, seed), { level: 0 }];
    items.push('<item id="cover" href="cover.png" media-type="image/png" properties="cover-image"/>');
  }
  files['OEBPS/content.opf'] = strToU8(`<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:bench-${seed}</dc:identifier>
    <dc:title>${esc(title)}</dc:title>
    <dc:creator>${esc(author)}</dc:creator>
    <dc:language>en</dc:language>
    <dc:description>&lt;p&gt;${esc(sentence(seed, 30))}&lt;/p&gt;</dc:description>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>${items.join('')}</manifest>
  <spine>${spine.join('')}</spine>
</package>`);
  return Buffer.from(zipSync(files, { level: 6 }));
}
