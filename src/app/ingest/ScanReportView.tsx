import { For, Show } from 'solid-js';
import type { ScanReport } from '../../db/api';
import { duration, timeAgo } from './timeAgo';
import './ingest.css';

const WHAT = { scan: 'scan', import: 'import', disconnect: 'removal' } as const;

function plural(n: number, one: string, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The last scan: what changed, and every file that could not be added, with the reason. */
export function ScanReportView(props: { report: ScanReport; seq?: number }) {
  const r = () => props.report;
  const counts = () =>
    [
      [r().added, 'added'],
      [r().updated, 'updated'],
      [r().moved, 'moved or renamed'],
      [r().removed, 'removed'],
      [r().unchanged, 'unchanged'],
    ].filter(([n]) => (n as number) > 0) as [number, string][];
  return (
    <section class="card admin-panel scan-report" aria-labelledby="scan-report-h" data-testid="scan-report"
      data-seq={props.seq}
      data-outcome={props.report.outcome}
      data-duration-ms={props.report.durationMs}
      data-added={props.report.added}
      data-listed={props.report.listed}
    >
      <h2 id="scan-report-h">Last {WHAT[r().kind]}</h2>
      <p class="muted">
        {timeAgo(r().startedAt + Math.round(r().durationMs / 1000))}, took {duration(r().durationMs)}
        <Show when={r().kind !== 'disconnect'}> · {plural(r().listed, 'book file')} found</Show>
      </p>
      <Show when={r().outcome === 'cancelled'}>
        <p class="notice-line">Cancelled. The books read before that were saved; the next scan does the rest.</p>
      </Show>
      <Show when={r().outcome === 'failed'}>
        <p class="form-error" role="alert">
          {r().error ?? 'The scan stopped on an error.'}
        </p>
      </Show>
      <ul class="scan-counts">
        <For each={counts()} fallback={<li>No changes</li>}>
          {([n, label]) => (
            <li>
              <strong>{n.toLocaleString()}</strong> {label}
            </li>
          )}
        </For>
        <Show when={r().failureCount}>
          <li class="bad">
            <strong>{r().failureCount.toLocaleString()}</strong> could not be added
          </li>
        </Show>
        <Show when={r().duplicateCount}>
          <li>
            <strong>{r().duplicateCount.toLocaleString()}</strong> {r().duplicateCount === 1 ? 'duplicate' : 'duplicates'}
          </li>
        </Show>
      </ul>
      <Show when={r().failures.length}>
        <h3>Files that could not be added</h3>
        <div class="table-scroll">
          <table class="data report-table" data-testid="scan-failures">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              <For each={r().failures}>
                {(f) => (
                  <tr>
                    <td class="path">{f.path}</td>
                    <td>{f.reason}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={r().failureCount > r().failures.length}>
          <p class="muted">…and {plural(r().failureCount - r().failures.length, 'more file')}.</p>
        </Show>
      </Show>
      <Show when={r().duplicates.length}>
        <h3>Duplicates (not added)</h3>
        <div class="table-scroll">
          <table class="data report-table" data-testid="scan-duplicates">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Same content as</th>
              </tr>
            </thead>
            <tbody>
              <For each={r().duplicates}>
                {(d) => (
                  <tr>
                    <td class="path">{d.path}</td>
                    <td class="path">{d.existingPath}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
