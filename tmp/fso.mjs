import { chromium } from 'playwright-core';
import { launchOptions } from '/work/wt/perf5/scripts/lib/benchKit.mjs';
import http from 'node:http';
const server = http.createServer((q, r) => { r.setHeader('content-type', q.url.endsWith('.js') ? 'text/javascript' : 'text/html'); r.end(q.url.endsWith('.js') ? WORKER : '<!doctype html>'); }).listen(0);
const WORKER = `
onmessage = async () => {
  const out = { has: typeof FileSystemObserver };
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('t', { create: true });
  const recs = [];
  const obs = new FileSystemObserver((rs) => { for (const r of rs) recs.push({ type: r.type, path: r.relativePathComponents.join('/'), from: r.relativePathMovedFrom?.join('/'), kind: r.changedHandle?.kind }); });
  await obs.observe(root, { recursive: true });
  const sub = await root.getDirectoryHandle('sub', { create: true });
  const h = await sub.getFileHandle('a.pdf', { create: true });
  let w = await h.createWritable(); await w.write('x'); await w.close();
  w = await h.createWritable(); await w.write('xyz'); await w.close();
  await h.move(sub, 'b.pdf');
  await sub.removeEntry('b.pdf');
  await new Promise(r => setTimeout(r, 1000));
  out.recs = recs;
  postMessage(out);
};`;
const base = `http://localhost:${server.address().port}`;
const b = await chromium.launch(launchOptions());
const p = await b.newPage();
await p.goto(base + '/');
console.log('window', await p.evaluate(() => typeof FileSystemObserver));
console.log(JSON.stringify(await p.evaluate(() => new Promise((res) => { const w = new Worker('/w.js'); w.onmessage = (e) => res(e.data); w.postMessage(1); })), null, 1));
await b.close(); server.close();
