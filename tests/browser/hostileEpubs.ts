import { strToU8, zipSync } from 'fflate';

/** An EPUB 3 of one or two chapters plus extra files; `head` goes into each chapter's <head>. */
export function makeEpub(opts: { chapters: string[]; head?: string; files?: Record<string, { body: string; type: string }> }): Uint8Array {
  const chapter = (n: number, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xmlns:xlink="http://www.w3.org/1999/xlink">
<head><title>Chapter ${n}</title>${opts.head ?? ''}</head><body><h1>Chapter ${n}</h1>${body}</body></html>`;
  const extra = Object.entries(opts.files ?? {});
  const manifest = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    ...opts.chapters.map((_, i) => `<item id="c${i + 1}" href="c${i + 1}.xhtml" media-type="application/xhtml+xml"/>`),
    ...extra.map(([name, f], i) => `<item id="x${i}" href="${name}" media-type="${f.type}"/>`),
  ].join('\n');
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(`<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`),
    'OEBPS/content.opf': strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:alex-hostile-${opts.chapters.length}</dc:identifier>
<dc:title>Hostile book</dc:title><dc:language>en</dc:language><meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata>
<manifest>${manifest}</manifest>
<spine>${opts.chapters.map((_, i) => `<itemref idref="c${i + 1}"/>`).join('')}</spine></package>`),
    'OEBPS/nav.xhtml': strToU8(chapter(0, `<nav epub:type="toc"><ol>${opts.chapters.map((_, i) => `<li><a href="c${i + 1}.xhtml">${i + 1}</a></li>`).join('')}</ol></nav>`)),
  };
  opts.chapters.forEach((body, i) => (files[`OEBPS/c${i + 1}.xhtml`] = strToU8(chapter(i + 1, body))));
  for (const [name, f] of extra) files[`OEBPS/${name}`] = strToU8(f.body);
  return zipSync(files as never);
}

/** Everything in a book that would make the browser fetch from `origin` if the app let it. */
export function beaconEpub(origin: string): Uint8Array {
  return makeEpub({
    head: `<link rel="stylesheet" type="text/css" href="style.css"/>
<style>@import url("${origin}/inline-import.css"); .x { background-image: url("${origin}/inline-bg.png"); }</style>`,
    chapters: [
      `<p class="x">First page of a book that phones home.</p>
<p><img id="remote" src="${origin}/opened.png" alt="beacon"/></p>
<p style="background: url('${origin}/attr-bg.png')">Styled paragraph.</p>
<p style="font-family: Remote">In the remote font.</p>`,
      `<p>Second chapter.</p><p><img src="${origin}/chapter-two.png" alt="beacon two"/></p>`,
    ],
    files: {
      'style.css': {
        type: 'text/css',
        body: `@import url("${origin}/import.css");
@font-face { font-family: Remote; src: url("${origin}/font.woff2") format("woff2"); }
body { font-family: Remote, serif; }`,
      },
    },
  });
}

/** Book resources that are documents in disguise: they must never run as a page of the app. */
export function documentsAsImagesEpub(): Uint8Array {
  const script = (what: string) => `try { localStorage.setItem('pwned', '${what}'); } catch (e) {}`;
  return makeEpub({
    chapters: [
      `<p>Pictures that are not pictures.</p>
<p><img id="svg" src="evil.svg" alt="svg"/></p>
<p><img id="xhtml" src="page.xhtml" alt="xhtml"/></p>
<p><img src="map.png" usemap="#m" alt="map"/><map name="m"><area id="area" shape="rect" coords="0,0,10,10" href="evil.svg" alt="area"/></map></p>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><a id="svglink" xlink:href="evil.svg"><text x="0" y="15">svg link</text></a></svg>`,
    ],
    files: {
      'evil.svg': {
        type: 'image/svg+xml',
        body: `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${script('svg')}</script><rect width="10" height="10"/></svg>`,
      },
      'page.xhtml': {
        type: 'image/png',
        body: `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><script>${script('xhtml')}</script></body></html>`,
      },
      'map.png': { type: 'image/png', body: 'not really a png' },
    },
  });
}
