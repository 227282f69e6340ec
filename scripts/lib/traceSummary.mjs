/**
 * Where the time went in a Chrome trace of one click on a book (bench-readers.mjs --trace): the
 * reader's performance marks (alex:*) on one time line, and for each thread of the app's
 * renderer (main, pdf.js worker, SQLite worker…) its busy time between the first and the last
 * mark and its largest events (by name and script), so a step can be put down to a thread and a
 * cause: waiting, parsing a module, pdf.js's own work, layout.
 */
import { readFileSync } from 'node:fs';

const TASKS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

export function summariseTrace(file, { top = 10 } = {}) {
  const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents ?? [];
  const marks = events.filter((e) => e.name?.startsWith('alex:') && (e.ph === 'R' || e.ph === 'I' || e.ph === 'i' || e.ph === 'n' || e.ph === 'b'));
  if (!marks.length) return console.log('  (no alex:* marks in the trace: run with --marks)');
  const pid = marks[0].pid;
  const t0 = Math.min(...marks.map((m) => m.ts));
  const t1 = Math.max(...marks.map((m) => m.ts));
  const seen = new Set();
  console.log('  marks (ms from the first):');
  for (const m of [...marks].sort((a, b) => a.ts - b.ts)) {
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    console.log(`    ${((m.ts - t0) / 1000).toFixed(0).padStart(6)}  ${m.name.slice(5)}`);
  }
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.pid === pid) names.set(e.tid, e.args?.name ?? String(e.tid));
  const byThread = new Map();
  for (const e of events) {
    if (e.pid !== pid || e.ph !== 'X' || !e.dur) continue;
    if (e.ts + e.dur < t0 || e.ts > t1) continue;
    const list = byThread.get(e.tid) ?? [];
    list.push(e);
    byThread.set(e.tid, list);
  }
  const clip = (e) => (Math.min(e.ts + e.dur, t1) - Math.max(e.ts, t0)) / 1000;
  const rows = [...byThread].map(([tid, list]) => ({ tid, list, busy: list.filter((e) => TASKS.has(e.name)).reduce((s, e) => s + clip(e), 0) }));
  rows.sort((a, b) => b.busy - a.busy);
  console.log(`  threads of the app's renderer, ${((t1 - t0) / 1000).toFixed(0)} ms from the first mark to the last:`);
  for (const { tid, list, busy } of rows) {
    if (busy < 5) continue;
    console.log(`    ${names.get(tid) ?? tid}: busy ${busy.toFixed(0)} ms`);
    const agg = new Map();
    for (const e of list) {
      if (TASKS.has(e.name)) continue;
      const d = e.args?.data ?? e.args?.beginData ?? {};
      const url = d.url || d.scriptName || e.args?.fileName || '';
      const key = `${e.name}${d.functionName ? ` ${d.functionName}` : ''}${url ? ` ${String(url).split('/').pop()}` : ''}`;
      const a = agg.get(key) ?? { ms: 0, n: 0 };
      a.ms += clip(e);
      a.n++;
      agg.set(key, a);
    }
    for (const [k, a] of [...agg].sort((x, y) => y[1].ms - x[1].ms).slice(0, top)) console.log(`      ${a.ms.toFixed(0).padStart(6)} ms ×${String(a.n).padEnd(4)} ${k}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) summariseTrace(process.argv[2]);
