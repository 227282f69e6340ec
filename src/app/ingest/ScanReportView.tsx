import { For, Show } from 'solid-js';
import type { ScanReport } from '../../db/api';
import { noun, plural } from '../../ui/plural';
import { duration, timeAgo } from './timeAgo';
import './ingest.css';

const WHAT = { scan: 'scan', import: 'import', disconnect: 'removal' } as const;

/** Which kind of folder scan ran, in words (none for imports and removals). */
function howListed(r: ScanReport): string | null {
  const n = r.statted ?? 0;
  if (r.listedFrom === 'quick') return `Quick scan: every folder listed, ${plural(n, 'new or changed file')} looked at.`;
  if (r.listedFrom === 'changes') return `Changes only: ${plural(n, 'path')} the folder reported looked at.`;
  if (r.listedFrom === 'walk') return 'Every file checked.';
  return null;
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
      data-listed-from={props.report.listedFrom}
      data-statted={props.report.statted}
    >
      <h2 id="scan-report-h">Last {WHAT[r().kind]}</h2>
      <p class="muted">
        {timeAgo(r().startedAt + Math.round(r().durationMs / 1000))}, took {duration(r().durationMs)}
        <Show when={r().kind !== 'disconnect'}> · {plural(r().listed, 'book file')} found</Show>
      </p>
      <Show when={howListed(r())}>{(how) => <p class="muted" data-testid="scan-kind">{how()}</p>}</Show>
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
            <strong>{r().duplicateCount.toLocaleString()}</strong> {noun(r().duplicateCount, 'duplicate')}
          </li>
        </Show>
      </ul>
      <Show when={r().failures.length}>
        <h3>Files that could not be added</h3>
        <PathTable testId="scan-failures" second="Reason" rows={r().failures.map((f) => [f.path, f.reason] as const)} secondIsPath={false} />
        <Show when={r().failureCount > r().failures.length}>
          <p class="muted">…and {plural(r().failureCount - r().failures.length, 'more file')}.</p>
        </Show>
      </Show>
      <Show when={r().duplicates.length}>
        <h3>Duplicates (not added)</h3>
        <PathTable testId="scan-duplicates" second="Same content as" rows={r().duplicates.map((d) => [d.path, d.existingPath] as const)} secondIsPath />
      </Show>
    </section>
  );
}

/** A table of files: each row a file's path and what is said of it. */
function PathTable(props: { testId: string; second: string; rows: (readonly [string, string])[]; secondIsPath: boolean }) {
  return (
    <div class="table-scroll">
      <table class="data report-table" data-testid={props.testId}>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">{props.second}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {([path, said]) => (
              <tr>
                <td class="path">{path}</td>
                <td class={props.secondIsPath ? 'path' : undefined}>{said}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
