import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { extractBook, IngestError, ingestReasonOf, INGEST_MESSAGES, type Extracted } from '../../src/ingest/extract';
import { fromWire, toWire } from '../../src/domain/errors';
import { containerXml, makeEpub, makeOpfText, zip64Epub, zipBombDeclared, zipBombLyingOpf, zipWithEntries } from './fixtures/epubs';
import { makeOwnerPasswordPdf } from './fixtures/encryptedPdf';
import { makePdf, pdfString, pdfUtf16, xmpPacket } from './fixtures/pdfs';

const fixture = (name: string) => openAsBlob(`tests/fixtures/${name}`);
const blob = (bytes: Uint8Array | string) => new Blob([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)]);

/** The IngestError reason a promise rejects with; fails the test on anything else. */
async function reasonOf(p: Promise<Extracted>): Promise<string> {
  try {
    const r = await p;
    return `resolved: ${JSON.stringify(r.metadata)}`;
  } catch (e) {
    if (!(e instanceof IngestError)) throw new Error(`expected an IngestError, got ${String(e)}`, { cause: e });
    return e.reason;
  }
}

describe('real books', () => {
  // Expectations from `pdfinfo` and `unzip -p … content.opf` on these files (see tests/fixtures).
  test('R-intro.pdf: no Title/Author in the info dict → tidied file name, 113 pages', async () => {
    const r = await extractBook(await fixture('R-intro.pdf'), 'R-intro.pdf');
    expect(r).toEqual({ fileType: 'pdf', metadata: { title: 'R intro', author: null, description: null, pageCount: 113 }, cover: null });
  });

  test('amsldoc.pdf: empty Title and Author → file name, 44 pages', async () => {
    const r = await extractBook(await fixture('amsldoc.pdf'), 'amsldoc.pdf');
    expect(r.metadata).toEqual({ title: 'amsldoc', author: null, description: null, pageCount: 44 });
  });

  test('TeXoutline.pdf: one small page', async () => {
    const r = await extractBook(await fixture('TeXoutline.pdf'), 'Science/TeXoutline.pdf');
    expect(r.metadata).toEqual({ title: 'TeXoutline', author: null, description: null, pageCount: 1 });
  });

  test('live-manual.en.epub (EPUB 2): opf:role="aut" creator, e-mail stripped', async () => {
    const r = await extractBook(await fixture('live-manual.en.epub'), 'live-manual.en.epub');
    expect(r).toEqual({
      fileType: 'epub',
      metadata: { title: 'Live Systems Manual', author: 'Live Systems Project', description: null, pageCount: null },
      cover: null,
    });
  });

  test('developers-reference.epub (EPUB 3): slug title tidied, &#x27; decoded, "unknown" description dropped', async () => {
    const r = await extractBook(await fixture('developers-reference.epub'), 'developers-reference.epub');
    expect(r.metadata).toEqual({ title: 'developers reference', author: "Developer's Reference Team", description: null, pageCount: null });
  });

  test('the format comes from the bytes: an EPUB named .pdf is still an EPUB', async () => {
    const bytes = await readFile('tests/fixtures/live-manual.en.epub');
    const r = await extractBook(blob(bytes), 'manual.pdf');
    expect(r.fileType).toBe('epub');
    expect(r.metadata.title).toBe('Live Systems Manual');
  });
});

describe('PDF metadata', () => {
  test('title and author from the info dictionary', async () => {
    const pdf = makePdf({ info: { Title: pdfString('The Art of Computer Programming'), Author: pdfString('Donald E. Knuth') }, pages: 3 });
    const r = await extractBook(blob(pdf), 'taocp.pdf');
    expect(r.metadata).toEqual({ title: 'The Art of Computer Programming', author: 'Donald E. Knuth', description: null, pageCount: 3 });
  });

  test('XMP title and creators win over the info dictionary', async () => {
    const pdf = makePdf({ info: { Title: pdfString('Old title'), Author: pdfString('Old author') }, xmp: xmpPacket('Ünïcode & XMP', ['Grace Hopper', 'Alan Turing']) });
    const r = await extractBook(blob(pdf), 'x.pdf');
    expect(r.metadata.title).toBe('Ünïcode & XMP');
    expect(r.metadata.author).toBe('Grace Hopper, Alan Turing');
  });

  test('UTF-16 titles are decoded; control characters removed and whitespace collapsed', async () => {
    const pdf = makePdf({ info: { Title: pdfUtf16('Über\u0007 Bücher\u0000   und\tМосква'), Author: pdfString('  Jane\r\n Doe ') } });
    const r = await extractBook(blob(pdf), 'x.pdf');
    expect(r.metadata.title).toBe('Über Bücher und Москва');
    expect(r.metadata.author).toBe('Jane Doe');
  });

  test.each([
    ['Untitled', 'my_great-book.pdf', 'my great book'],
    ['Microsoft Word - thesis_final.docx', 'Thesis 2024.pdf', 'Thesis 2024'],
    ['   ', 'a__b  c.pdf', 'a b c'],
    ['C:\\Users\\bob\\report.pdf', 'report.pdf', 'report'],
    ['untitled_document_v2', 'notes.pdf', 'notes'],
    ['----', 'Some Book.pdf', 'Some Book'],
  ])('placeholder title %j falls back to the file name (%s → %s)', async (title, fileName, expected) => {
    const r = await extractBook(blob(makePdf({ info: { Title: pdfString(title) } })), fileName);
    expect(r.metadata.title).toBe(expected);
  });

  test('a title equal to the file name keeps its capitals; a slug title is tidied', async () => {
    const same = await extractBook(blob(makePdf({ info: { Title: pdfString('Dracula') } })), 'dracula.pdf');
    expect(same.metadata.title).toBe('Dracula');
    const slug = await extractBook(blob(makePdf({ info: { Title: pdfString('The_Time_Machine') } })), 'tm.pdf');
    expect(slug.metadata.title).toBe('The Time Machine');
  });

  test('real titles that look a little like slugs are kept', async () => {
    for (const title of ['X-Men', 'Catch-22', 'e-Learning']) {
      const r = await extractBook(blob(makePdf({ info: { Title: pdfString(title) } })), 'file.pdf');
      expect(r.metadata.title).toBe(title);
    }
  });

  test('titles containing HTML are kept as text, lengths are bounded', async () => {
    const html = '<b>Bold</b> <script>alert(1)</script> & <img src=x onerror=alert(1)>';
    const long = 'A'.repeat(3000);
    const r = await extractBook(blob(makePdf({ info: { Title: pdfString(html), Author: pdfString(long) } })), 'x.pdf');
    expect(r.metadata.title).toBe(html);
    expect(r.metadata.author).toBe('A'.repeat(500));
  });

  test('an owner-password PDF (opens without a password) is read normally', async () => {
    const r = await extractBook(blob(makeOwnerPasswordPdf('Locked But Readable', 'Ann Owner')), 'locked.pdf');
    expect(r.metadata).toEqual({ title: 'Locked But Readable', author: 'Ann Owner', description: null, pageCount: 1 });
  });
});

describe('EPUB metadata', () => {
  test('EPUB 3: creators joined, editor (refines role) left out, description HTML reduced to text', async () => {
    const epub = makeEpub({
      version: 3,
      title: 'Notes on the Analytical Engine',
      creators: [['Ada Lovelace', 'aut'], ['Luigi Menabrea', 'aut'], ['Some Editor', 'edt']],
      descriptionXml: '&lt;p&gt;First &amp;amp; &lt;b&gt;bold&lt;/b&gt; paragraph.&lt;/p&gt;&lt;p&gt;Second&lt;br/&gt;line &amp;#x27;quoted&amp;#x27;&lt;/p&gt;',
    });
    const r = await extractBook(blob(epub), 'engine.epub');
    expect(r.metadata).toEqual({
      title: 'Notes on the Analytical Engine',
      author: 'Ada Lovelace, Luigi Menabrea',
      description: "First & bold paragraph.\n\nSecond\nline 'quoted'",
      pageCount: null,
    });
  });

  test('EPUB 2: opf:role, e-mails in angle brackets stripped, duplicates dropped', async () => {
    const epub = makeEpub({
      version: 2,
      creators: [['Jane Roe <jane@example.org>', 'aut'], 'John Smith', ['Jane Roe', 'aut'], ['Ilse Illustrator', 'ill']],
    });
    const r = await extractBook(blob(epub), 'b.epub');
    expect(r.metadata.author).toBe('Jane Roe, John Smith');
  });

  test('EPUB 3 title-type main wins over a subtitle listed first', async () => {
    const opf = `<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
      <dc:title id="t2">A Subtitle</dc:title><dc:title id="t1">The Main Title</dc:title>
      <meta refines="#t1" property="title-type">main</meta><meta refines="#t2" property="title-type">subtitle</meta>
      <dc:creator>Only Creator</dc:creator></metadata><manifest/><spine/></package>`;
    const r = await extractBook(blob(makeEpub({ opf })), 'x.epub');
    expect(r.metadata.title).toBe('The Main Title');
    expect(r.metadata.author).toBe('Only Creator');
  });

  test('a book with <script> and hostile markup: nothing runs, text stays text', async () => {
    const epub = makeEpub({
      title: '<i>Italic</i> & "Quotes"',
      descriptionXml: '&lt;script&gt;globalThis.pwned = 1&lt;/script&gt;&lt;style&gt;p{}&lt;/style&gt;Safe &lt;a href="javascript:alert(1)"&gt;text&lt;/a&gt;.',
      firstPageBody: '<script>globalThis.pwned = 1</script>',
    });
    const r = await extractBook(blob(epub), 'x.epub');
    expect(r.metadata.title).toBe('<i>Italic</i> & "Quotes"');
    expect(r.metadata.description).toBe('Safe text.');
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  test('DOCTYPE entities are never expanded (billion laughs)', async () => {
    const laughs = '<!DOCTYPE package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
    const opf = makeOpfText('Laughs').replace('<package', `${laughs}<package`).replace('</dc:title>', ' &c;</dc:title>');
    const r = await extractBook(blob(makeEpub({ opf })), 'x.epub');
    expect(r.metadata.title).toBe('Laughs &c;');
  });

  test('description bounded to 5000 characters, placeholder descriptions dropped', async () => {
    const long = await extractBook(blob(makeEpub({ descriptionXml: 'word '.repeat(3000) })), 'x.epub');
    expect(long.metadata.description!.length).toBeLessThanOrEqual(5000);
    expect(long.metadata.description!.startsWith('word word')).toBe(true);
    const unknown = await extractBook(blob(makeEpub({ descriptionXml: 'Unknown' })), 'x.epub');
    expect(unknown.metadata.description).toBeNull();
  });

  test('no container.xml but exactly one package document: still read', async () => {
    const r = await extractBook(blob(makeEpub({ container: null, title: 'Found Anyway' })), 'x.epub');
    expect(r.metadata.title).toBe('Found Anyway');
  });

  test('a package document in ISO-8859-1 (as its XML declaration says) is decoded', async () => {
    const text = makeOpfText('Caf\u00e9 cr\u00e8me', '<dc:creator>Andr\u00e9 Gide</dc:creator>').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>');
    const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const epub = zipSync({ 'META-INF/container.xml': strToU8(containerXml('content.opf')), 'content.opf': latin1 });
    expect((await extractBook(blob(epub), 'x.epub')).metadata).toMatchObject({ title: 'Café crème', author: 'André Gide' });
  });

  test('ZIP64 archives are read (sizes and offsets from the ZIP64 records)', async () => {
    const r = await extractBook(blob(zip64Epub('Sixty-Four Bits')), 'z.epub');
    expect(r.metadata).toMatchObject({ title: 'Sixty-Four Bits', author: 'Zip Sixtyfour' });
  });

  test('missing title falls back to the file name', async () => {
    const opf = makeOpfText('').replace('<dc:title></dc:title>', '');
    const r = await extractBook(blob(makeEpub({ opf })), 'Books/my_epub-book.epub');
    expect(r.metadata.title).toBe('my epub book');
  });

  test('covers are null in Node (no OffscreenCanvas), and asking for none is honoured', async () => {
    const epub = makeEpub({ cover: 'epub3' });
    expect((await extractBook(blob(epub), 'x.epub')).cover).toBeNull();
    expect((await extractBook(blob(epub), 'x.epub', { covers: false })).cover).toBeNull();
  });
});

describe('bad files each get their own reason', () => {
  test.each([
    ['empty .pdf', 'empty-file', () => new Blob([]), 'empty.pdf'],
    ['empty .epub', 'empty-file', () => new Blob([]), 'empty.epub'],
    ['text renamed .pdf', 'not-a-pdf', () => blob('Just some notes, not a PDF at all.\n'), 'notes.pdf'],
    ['text renamed .epub', 'not-an-epub', () => blob('<html>not a zip</html>'), 'page.epub'],
    ['unknown bytes, other name', 'unknown-format', () => blob('hello'), 'readme.txt'],
    ['password-protected PDF', 'encrypted-pdf', () => blob(makePdf({ passwordProtected: true, info: { Title: pdfString('Secret') } })), 'secret.pdf'],
    ['PDF with a header and nothing else', 'damaged-pdf', () => blob('%PDF-1.7\n1 0 obj garbage\n%%EOF\n'), 'broken.pdf'],
    ['zip that is not an EPUB', 'no-package-document', () => blob(zipSync({ 'photo.txt': strToU8('hi') })), 'photos.epub'],
    ['zip that is not an EPUB, named .pdf', 'not-a-pdf', () => blob(zipSync({ 'photo.txt': strToU8('hi') })), 'photos.pdf'],
    ['container.xml pointing nowhere', 'no-package-document', () => blob(zipSync({ 'META-INF/container.xml': strToU8(containerXml('OEBPS/missing.opf')) })), 'x.epub'],
    ['zip bomb: entries claiming gigabytes', 'archive-too-large', () => blob(zipBombDeclared()), 'bomb.epub'],
    ['zip bomb: package document lying about its size', 'archive-too-large', () => blob(zipBombLyingOpf()), 'bomb2.epub'],
    ['huge package document', 'too-large-xml', () => blob(makeEpub({ opf: makeOpfText('Big', `<dc:description>${'x'.repeat(6 * 1024 * 1024)}</dc:description>`) })), 'big.epub'],
    ['deeply nested package document', 'too-deep-xml', () => blob(makeEpub({ opf: makeOpfText('Deep', '<a>'.repeat(5000) + '</a>'.repeat(5000)) })), 'deep.epub'],
    ['package document that is not XML', 'bad-package-document', () => blob(makeEpub({ opf: 'this is not xml' })), 'x.epub'],
    ['too many files in the archive', 'too-many-entries', () => blob(zipWithEntries(20_001)), 'many.epub'],
  ])('%s → %s', async (_label, reason, make, fileName) => {
    expect(await reasonOf(extractBook(make(), fileName))).toBe(reason);
  });

  test('truncated PDF (a real book cut short) → truncated-pdf', async () => {
    const bytes = await readFile('tests/fixtures/R-intro.pdf');
    expect(await reasonOf(extractBook(blob(bytes.subarray(0, Math.floor(bytes.length * 0.6))), 'R-intro.pdf'))).toBe('truncated-pdf');
  });

  test('truncated EPUB (a real book cut short) → damaged-archive', async () => {
    const bytes = await readFile('tests/fixtures/live-manual.en.epub');
    expect(await reasonOf(extractBook(blob(bytes.subarray(0, Math.floor(bytes.length * 0.7))), 'live-manual.en.epub'))).toBe('damaged-archive');
  });

  test('a file that cannot be read → unreadable', async () => {
    const broken = { size: 100, slice: () => ({ arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) }) } as unknown as Blob;
    expect(await reasonOf(extractBook(broken, 'gone.pdf'))).toBe('unreadable');
  });

  test('every reason has a plain message, and survives the worker boundary', () => {
    for (const [reason, message] of Object.entries(INGEST_MESSAGES)) {
      expect(message).toMatch(/^[a-zA-Z][^\n]{5,80}$/);
      const e = new IngestError(reason as keyof typeof INGEST_MESSAGES);
      expect(e.message).toBe(message);
      // What src/lib/comlinkErrors.ts does on each side of comlink:
      const rebuilt = fromWire(structuredClone(toWire(e)));
      expect(ingestReasonOf(rebuilt)).toBe(reason);
    }
    expect(INGEST_MESSAGES['no-package-document']).toBe('EPUB has no package document');
    expect(INGEST_MESSAGES['archive-too-large']).toBe('archive too large when unpacked');
  });

  test('cancelling rejects with an AbortError, not an IngestError', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(extractBook(await fixture('R-intro.pdf'), 'R-intro.pdf', { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const late = new AbortController();
    const p = extractBook(await fixture('amsldoc.pdf'), 'amsldoc.pdf', { signal: late.signal });
    late.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
