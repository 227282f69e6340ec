import { describe, expect, it } from 'vitest';
import { engines } from './engines';
import { makeBook } from './factories';
import { makeTestApi } from './testApi';
import type { AnnotationInput } from '../../src/domain/annotations';
import { fromWebAnnotations, toWebAnnotations } from '../../src/domain/webAnnotations';
import { annotationIdFromHash, toMarkdown } from '../../src/domain/annotationsMarkdown';
import { insertBook } from '../../src/db/queries/books';

const inputs: AnnotationInput[] = [
  { kind: 'highlight', color: 'green', note: null, anchor: { cfi: 'epubcfi(/6/4!/4/2,/1:0,/1:12)', page: null, quote: { exact: 'Call me Ishm', prefix: '', suffix: 'ael.' }, rects: null, label: 'Loomings' } },
  { kind: 'note', color: 'pink', note: 'Line one\nLine "two" — ü', anchor: { cfi: 'epubcfi(/6/8!/4/10,/1:3,/1:20)', page: null, quote: { exact: 'the watery part', prefix: 'see ', suffix: ' of' }, rects: null, label: 'The Carpet-Bag' } },
  { kind: 'bookmark', color: null, note: null, anchor: { cfi: 'epubcfi(/6/6!/4/2/1:0)', page: null, quote: null, rects: null, label: null } },
];
const pdfInputs: AnnotationInput[] = [
  { kind: 'highlight', color: 'blue', note: 'on a PDF', anchor: { cfi: null, page: 12, quote: { exact: 'linear model', prefix: 'a ', suffix: ' is' }, rects: [{ x: 72.25, y: 100.5, width: 80, height: 12 }, { x: 72, y: 114, width: 40.125, height: 12 }], label: 'Page 12' } },
  { kind: 'bookmark', color: null, note: null, anchor: { cfi: null, page: 3, quote: null, rects: null, label: 'Page 3' } },
];

describe.each(engines)('export and import round trips on $name', (engine) => {
  it('W3C JSON of the whole library imports into another library with every field kept, twice without duplicates', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const epub = await makeBook(t.db, { fileType: 'epub', filePath: 'moby.epub', title: 'Moby-Dick', author: 'Herman Melville' });
    const pdf = await makeBook(t.db, { title: 'R intro' });
    for (const i of inputs) {
      t.clock.now += 7;
      await t.api.saveAnnotation(token, epub.id, i);
    }
    for (const i of pdfInputs) await t.api.saveAnnotation(token, pdf.id, i);
    const data = await t.api.exportAnnotations(token, null);
    expect(data.annotations).toHaveLength(5);
    const file = JSON.stringify(toWebAnnotations(data, t.clock.now, false));

    // Another library with the same files under other ids: matched by content hash.
    const other = await makeTestApi(engine);
    const otherToken = await other.adminToken();
    const epub2 = await insertBook(other.db, { title: 'Moby', fileType: 'epub', filePath: 'elsewhere.epub', fileSize: 1, fileHash: epub.fileHash });
    const pdf2 = await insertBook(other.db, { title: 'R', fileType: 'pdf', filePath: 'r.pdf', fileSize: 1, fileHash: pdf.fileHash });
    const items = fromWebAnnotations(JSON.parse(file));
    expect(await other.api.importAnnotations(otherToken, items)).toEqual({ added: 5, updated: 0, unchanged: 0, skipped: [] });
    expect(await other.api.importAnnotations(otherToken, fromWebAnnotations(JSON.parse(file)))).toEqual({ added: 0, updated: 0, unchanged: 5, skipped: [] });

    const strip = (list: typeof data.annotations) => list.map(({ userId: _u, bookId: _b, ...rest }) => rest);
    const mine = await t.api.listAnnotations(token, epub.id);
    expect(strip(await other.api.listAnnotations(otherToken, epub2.id))).toEqual(strip(mine));
    expect(strip(await other.api.listAnnotations(otherToken, pdf2.id))).toEqual(strip(await t.api.listAnnotations(token, pdf.id)));
  });

  it('a single book exports as one AnnotationSet in the EPUB Annotations shape, and reads back into the same library', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const epub = await makeBook(t.db, { fileType: 'epub', filePath: 'm.epub', title: 'Moby-Dick', author: 'Herman Melville' });
    const saved = await t.api.saveAnnotation(token, epub.id, inputs[1]!);
    const set = toWebAnnotations(await t.api.exportAnnotations(token, epub.id), t.clock.now, true) as Record<string, any>;
    expect(set).toMatchObject({ type: 'AnnotationSet', about: { 'dc:format': 'application/epub+zip', 'dc:title': 'Moby-Dick', 'dc:creator': ['Herman Melville'] } });
    expect(set.items[0]).toMatchObject({
      id: `urn:uuid:${saved.id}`,
      type: 'Annotation',
      motivation: 'commenting',
      body: { type: 'TextualBody', value: inputs[1]!.note, color: 'pink' },
      target: { source: `urn:sha256:${epub.fileHash}`, selector: [{ type: 'FragmentSelector', value: inputs[1]!.anchor.cfi }, { type: 'TextQuoteSelector', exact: 'the watery part' }] },
    });
    await t.api.deleteAnnotation(token, saved.id);
    expect(await t.api.importAnnotations(token, fromWebAnnotations(set))).toMatchObject({ added: 1 });
    expect(await t.api.listAnnotations(token, epub.id)).toEqual([saved]);
  });
});

describe('Markdown export and files that are not annotations', () => {
  it('lists each book in book order with quote, note and a link back to the place in Alex', async () => {
    const t = await makeTestApi();
    const token = await t.adminToken();
    const epub = await makeBook(t.db, { fileType: 'epub', filePath: 'm.epub', title: 'Moby-Dick', author: 'Herman Melville' });
    const [late, early] = [await t.api.saveAnnotation(token, epub.id, inputs[1]!), await t.api.saveAnnotation(token, epub.id, inputs[0]!)];
    const md = toMarkdown(await t.api.exportAnnotations(token, null), 'https://alex.example');
    expect(md.startsWith('# Moby-Dick — Herman Melville\n')).toBe(true);
    expect(md.indexOf('> Call me Ishm')).toBeLessThan(md.indexOf('> the watery part'));
    expect(md).toContain('## Note (pink): The Carpet-Bag\n\n> the watery part\n\nLine one\nLine "two" — ü\n');
    expect(md).toContain(`[Open in Alex](https://alex.example/read/${epub.id}#annotation=${late.id})`);
    expect(annotationIdFromHash(`#annotation=${early.id}`)).toBe(early.id);
  });

  it('refuses JSON that holds no Web Annotations', () => {
    expect(() => fromWebAnnotations({ hello: 'world' })).toThrow(/no Web Annotations/);
    expect(() => fromWebAnnotations([])).toThrow(/no Web Annotations/);
  });
});
