#!/usr/bin/env node
/**
 * Where a full walk's time goes, outside the app: an OPFS folder of N files (100 a folder), then
 * in dedicated workers: the folders listed only (one at a time, side by side), every file
 * stat'ed with getFile() at several concurrencies, and the files or folders split over 2 and 4
 * workers. Prints wall time and the CPU seconds of each Chromium thread this run started
 * (/proc), so the cost shows in the browser process even when the machine is loaded.
 *
 *   node scripts/probe-walk.mjs [N=10000]
 */
import { chromium } from 'playwright-core';
import { CHROME_PATH, CHROME_ARGS } from './lib/benchKit.mjs';
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  if (req.url === '/w.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(WORKER); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><title>p</title>');
});
const WORKER = `
const entriesOf = (d) => d.entries();
function limiter(n){let a=0;const w=[];return async(fn)=>{if(a>=n)await new Promise(r=>w.push(r));a++;try{return await fn()}finally{a--;w.shift()?.()}}}
async function root(){ return (await navigator.storage.getDirectory()).getDirectoryHandle('probe'); }
async function listOnly(dir){ const out=[]; const dirs=[]; for await (const [n,h] of entriesOf(dir)) { if(h.kind==='directory') dirs.push(h); else out.push(h);} const sub=await Promise.all(dirs.map(listOnly)); return out.concat(...sub); }
async function listSeq(dir){ const out=[]; for await (const [n,h] of entriesOf(dir)) { if(h.kind==='directory') out.push(...await listSeq(h)); else out.push(h);} return out; }
self.onmessage = async (e) => {
  const { op, conc, part, parts } = e.data;
  const t0 = performance.now();
  const r = await root();
  let n = 0; let tList=0;
  if (op === 'listSeq') { n = (await listSeq(r)).length; }
  else if (op === 'listPar') { n = (await listOnly(r)).length; }
  else if (op === 'stat') {
    let hs = await listOnly(r); tList = performance.now()-t0;
    if (parts) hs = hs.filter((_, i) => i % parts === part);
    const lim = limiter(conc);
    const res = await Promise.all(hs.map(h => lim(async () => { const f = await h.getFile(); return f.size + f.lastModified; })));
    n = res.length;
  } else if (op === 'statOnlyPar') {
    // directories split among workers, walk + stat
    const dirs=[]; for await (const [nm,h] of entriesOf(r)) if (h.kind==='directory') dirs.push(h);
    const mine = dirs.filter((_, i) => i % parts === part);
    const lim = limiter(conc);
    const res = await Promise.all(mine.map(async d => { const fs=[]; for await (const [nm,h] of entriesOf(d)) fs.push(lim(async()=>{const f=await h.getFile(); return f.size;})); return Promise.all(fs); }));
    n = res.flat().length;
  }
  postMessage({ n, ms: performance.now() - t0, tList });
};`;
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: CHROME_PATH, headless: true, args: CHROME_ARGS });
const page = await (await browser.newContext()).newPage();
await page.goto(base + '/');
const N = Number(process.argv[2] ?? 10000);
await page.evaluate(async (n) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('probe', { create: true });
  for (let d = 0; d * 100 < n; d++) {
    const dir = await root.getDirectoryHandle(`Shelf ${d}`, { create: true });
    await Promise.all(Array.from({ length: Math.min(100, n - d * 100) }, async (_, i) => {
      const w = await (await dir.getFileHandle(`book-${d * 100 + i}.pdf`, { create: true })).createWritable();
      await w.write('x' + i); await w.close();
    }));
  }
}, N);
import { readdirSync, readFileSync } from 'node:fs';
const la = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
function threads() {
  const m = new Map();
  const parent = new Map();
  for (const d of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) { try { const st = readFileSync(`/proc/${d}/stat`, 'utf8'); parent.set(d, st.slice(st.lastIndexOf(')') + 2).split(' ')[1]); } catch {} }
  const mine = (pid) => { for (let p = parent.get(pid), i = 0; p && i < 30; p = parent.get(p), i++) if (p === String(process.pid)) return true; return false; };
  for (const pid of [...parent.keys()].filter(mine)) {
    let cmd; try { cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (!/chrom/.test(cmd) || cmd.includes('node')) continue;
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
    let tids = []; try { tids = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const t of tids) { try { const st = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8'); const comm = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); m.set(`${pid}/${t}`, { key: `${type}:${comm.replace(/\d+$/, '')}`, ticks: Number(f[11]) + Number(f[12]) }); } catch {} }
  }
  return m;
}
function cpuDiff(a, b) { const by = {}; for (const [k, v] of b) { const d = v.ticks - (a.get(k)?.ticks ?? 0); if (d > 0) by[v.key] = (by[v.key] ?? 0) + d; } return Object.entries(by).filter(([, v]) => v >= 5).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${(v / 100).toFixed(2)}`).join(', '); }
async function run(label, msgs) { const before = threads(); await run0(label, msgs); console.log('   CPU s:', cpuDiff(before, threads())); }
async function run0(label, msgs) {
  const res = await page.evaluate(async (msgs) => {
    const t0 = performance.now();
    const rs = await Promise.all(msgs.map((m) => new Promise((res) => { const w = new Worker('/w.js'); w.onmessage = (e) => { w.terminate(); res(e.data); }; w.postMessage(m); })));
    return { wall: performance.now() - t0, rs };
  }, msgs);
  console.log(`${label}: wall ${res.wall.toFixed(0)} ms; ${res.rs.map((r) => `${r.n} in ${r.ms.toFixed(0)}${r.tList ? ` (list ${r.tList.toFixed(0)})` : ''}`).join(', ')} load ${la()}`);
}
for (let round = 0; round < 1; round++) {
  await run('listSeq', [{ op: 'listSeq' }]);
  await run('listPar', [{ op: 'listPar' }]);
  for (const c of [32, 128, 1024, 100000]) await run(`stat conc ${c}`, [{ op: 'stat', conc: c }]);
  await run('stat 2 workers x 128', [0, 1].map((part) => ({ op: 'stat', conc: 128, part, parts: 2 })));
  await run('walk+stat dirs split 2 workers x128', [0, 1].map((part) => ({ op: 'statOnlyPar', conc: 128, part, parts: 2 })));
  await run('walk+stat dirs split 4 workers x128', [0, 1, 2, 3].map((part) => ({ op: 'statOnlyPar', conc: 128, part, parts: 4 })));
}
await browser.close(); server.close();
