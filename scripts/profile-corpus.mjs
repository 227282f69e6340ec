#!/usr/bin/env node
/**
 * Where the time of a real book goes (prints figures; asserts nothing): a sample of the corpus
 * (scripts/lib/corpus.mjs) through one ingest worker of the extract harness, one file at a time,
 * hashing and extraction timed apart, with covers and without. Groups by type and size.
 *
 *   node scripts/profile-corpus.mjs [--sample 120] [--rebuild]
 *     --cpu N   instead: a CPU profile (DevTools protocol) of extracting N sampled PDFs with covers
 *               on the page's thread; prints the functions with the most self time
 */
import { ensureCorpus } from './lib/corpus.mjs';
import { arg, fmt, median } from './lib/benchKit.mjs';
import { openHarness } from './bench-extract.mjs';

const files = ensureCorpus();
const n = Number(arg('--sample', 120));
// Every k-th file of the size-sorted list: small and huge books in their proportions.
const sorted = [...files].sort((a, b) => a.size - b.size);
const sample = sorted.filter((_, i) => i % Math.max(1, Math.floor(sorted.length / n)) === 0).slice(0, n);
const h = await openHarness();
try {
  await h.page.route('**/__corpus/**', (route) => route.fulfill({ path: sample[Number(route.request().url().split('/').pop())].abs }));
  const urls = sample.map((_, i) => `/__corpus/${i}`);
  if (arg('--cpu', null)) {
    const pdfs = urls.filter((_, i) => sample[i].path.endsWith('.pdf')).slice(0, Number(arg('--cpu')));
    await h.page.evaluate((u) => window.harness.runInPage(u, 1), pdfs[0]); // warm-up: pdf.js loaded
    const cdp = await h.page.context().newCDPSession(h.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    for (const u of pdfs) await h.page.evaluate((x) => window.harness.runInPage(x, 1), u);
    const { profile } = await cdp.send('Profiler.stop');
    const self = new Map();
    const dt = new Map(profile.samples.map((id, i) => [i, profile.timeDeltas[i] ?? 0]));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt.get(i) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    console.log(`CPU profile of ${pdfs.length} PDFs (covers on), ${fmt(total, 0)} ms sampled; top self time:`);
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${fmt(v, 0).padStart(7)} ms ${fmt((v / total) * 100, 1).padStart(5)} %  ${k}`);
  } else await perFile(h, sample, urls);
} finally {
  await h.close();
}

async function perFile(h, sample, urls) {
  const withCovers = await h.page.evaluate((u) => window.harness.profileFiles(u, true), urls);
  const without = await h.page.evaluate((u) => window.harness.profileFiles(u, false), urls);
  const rows = withCovers.map((r, i) => ({ ...r, file: sample[i], noCoverMs: without[i].extractMs }));
  const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
  const groups = [
    ['EPUB', rows.filter((r) => r.file.path.endsWith('.epub'))],
    ['PDF < 300 KB', rows.filter((r) => r.file.path.endsWith('.pdf') && r.bytes < 300e3)],
    ['PDF 300 KB–1 MB', rows.filter((r) => r.file.path.endsWith('.pdf') && r.bytes >= 300e3 && r.bytes < 1e6)],
    ['PDF ≥ 1 MB', rows.filter((r) => r.file.path.endsWith('.pdf') && r.bytes >= 1e6)],
  ];
  console.log(`${sample.length} of ${files.length} corpus files, one worker, one at a time (ms):`);
  console.log('| group | files | median hash | median extract (cover) | median extract (no cover) | total hash | total extract | total no cover |');
  for (const [name, g] of groups) {
    if (!g.length) continue;
    console.log(
      `| ${name} | ${g.length} | ${fmt(median(g.map((r) => r.hashMs)), 0)} | ${fmt(median(g.map((r) => r.extractMs)), 0)} | ${fmt(median(g.map((r) => r.noCoverMs)), 0)} | ${fmt(sum(g, (r) => r.hashMs), 0)} | ${fmt(sum(g, (r) => r.extractMs), 0)} | ${fmt(sum(g, (r) => r.noCoverMs), 0)} |`,
    );
  }
  const total = sum(rows, (r) => r.hashMs + r.extractMs);
  console.log(`all: ${fmt(total / rows.length, 0)} ms a book = ${fmt((rows.length / total) * 1000)} books/s on one core; hashing ${fmt((sum(rows, (r) => r.hashMs) / total) * 100, 0)} %, cover ${fmt((sum(rows, (r) => r.extractMs - r.noCoverMs) / total) * 100, 0)} %`);
  console.log('slowest:');
  for (const r of [...rows].sort((a, b) => b.hashMs + b.extractMs - a.hashMs - a.extractMs).slice(0, 8))
    console.log(`  ${r.file.path} (${fmt(r.bytes / 1e6, 2)} MB, ${r.pages ?? '?'} p.): hash ${fmt(r.hashMs, 0)}, extract ${fmt(r.extractMs, 0)} (no cover ${fmt(r.noCoverMs, 0)})${r.ok ? '' : ' FAILED'}`);
}
