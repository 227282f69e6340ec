import { describe, expect, it } from 'vitest';
import { nextProgress, percentOf, positionOf, withStatus, type ProgressState } from '../../src/domain/progress';
import { engines } from './engines';
import { makeBook } from './factories';
import { makeTestApi } from './testApi';

const CFI = 'epubcfi(/6/4!/4/2/1:0)';
const CFI2 = 'epubcfi(/6/8!/4/2/10:0)';

describe('progress rules', () => {
  it('a PDF percent is page over page count, the last page is 100 %', () => {
    expect(percentOf({ currentPage: 1, totalPages: 113 })).toBe(0.9);
    expect(percentOf({ currentPage: 3, totalPages: 113 })).toBe(2.7);
    expect(percentOf({ currentPage: 113, totalPages: 113 })).toBe(100);
    expect(percentOf({ currentPage: 1, totalPages: 1 })).toBe(100);
  });

  it('an EPUB percent comes from the reader, unknown until locations are ready, 100 at the end', () => {
    expect(percentOf({ epubLocation: CFI, percent: 41.26 })).toBe(41.3);
    expect(percentOf({ epubLocation: CFI })).toBeNull();
    expect(percentOf({ epubLocation: CFI, percent: 97, atEnd: true })).toBe(100);
  });

  it('the first save moves not_started to reading; the last page completes', () => {
    const first = nextProgress(undefined, { currentPage: 2, totalPages: 10 }, 100);
    expect(first).toEqual({ currentPage: 2, totalPages: 10, epubLocation: null, percentComplete: 20, status: 'reading', lastReadAt: 100 });
    const end = nextProgress(first, { currentPage: 10, totalPages: 10 }, 200);
    expect(end).toMatchObject({ status: 'completed', percentComplete: 100, currentPage: 10 });
  });

  it('the end of an EPUB completes it; an unknown percent keeps the previous one', () => {
    const a = nextProgress(undefined, { epubLocation: CFI, percent: 40 }, 1);
    const b = nextProgress(a, { epubLocation: CFI2 }, 2);
    expect(b).toMatchObject({ epubLocation: CFI2, percentComplete: 40, status: 'reading' });
    expect(nextProgress(b, { epubLocation: CFI2, percent: 99.2, atEnd: true }, 3)).toMatchObject({ status: 'completed', percentComplete: 100 });
  });

  it('completed is sticky: going back keeps it completed at 100 % but moves the position', () => {
    const done: ProgressState = nextProgress(undefined, { currentPage: 10, totalPages: 10 }, 1);
    const back = nextProgress(done, { currentPage: 4, totalPages: 10 }, 2);
    expect(back).toMatchObject({ status: 'completed', percentComplete: 100, currentPage: 4, lastReadAt: 2 });
    expect(positionOf({ ...back })).toEqual({ currentPage: 4, totalPages: 10 });
  });

  it('explicit status changes: read again, mark unread, mark finished', () => {
    const done = nextProgress(undefined, { currentPage: 10, totalPages: 10 }, 1);
    const back = nextProgress(done, { currentPage: 4, totalPages: 10 }, 2);
    expect(withStatus(back, 'reading', 3)).toMatchObject({ status: 'reading', percentComplete: 40, currentPage: 4 });
    expect(withStatus(back, 'not_started', 3)).toMatchObject({ status: 'not_started', percentComplete: 0, currentPage: null, epubLocation: null });
    expect(withStatus(undefined, 'completed', 3)).toMatchObject({ status: 'completed', percentComplete: 100 });
    expect(() => withStatus(back, 'finished' as never, 3)).toThrow(/status/);
  });

  it('rejects positions that are neither a page nor a CFI, or out of range', () => {
    const bad = [
      {},
      { currentPage: 0, totalPages: 3 },
      { currentPage: 4, totalPages: 3 },
      { currentPage: 1.5, totalPages: 3 },
      { currentPage: 1 },
      { epubLocation: 'chapter1.xhtml' },
      { epubLocation: CFI, currentPage: 1, totalPages: 2 },
      { epubLocation: `epubcfi(${'x'.repeat(5000)})` },
    ];
    for (const p of bad) expect(() => nextProgress(undefined, p, 1), JSON.stringify(p).slice(0, 60)).toThrow();
  });
});

describe.each(engines)('ProgressApi on $name', (engine) => {
  it('saves every position, last write wins, resumes at the exact page or CFI', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const pdf = await makeBook(t.db, { fileType: 'pdf' });
    const epub = await makeBook(t.db, { fileType: 'epub', filePath: 'x.epub' });
    expect(await t.api.getProgress(token, pdf.id)).toBeNull();

    t.clock.now += 10;
    await t.api.saveProgress(token, pdf.id, { currentPage: 2, totalPages: 113 });
    t.clock.now += 10;
    const saved = await t.api.saveProgress(token, pdf.id, { currentPage: 3, totalPages: 113 });
    expect(saved).toMatchObject({ currentPage: 3, totalPages: 113, status: 'reading', percentComplete: 2.7, lastReadAt: t.clock.now });
    expect(await t.api.getProgress(token, pdf.id)).toEqual(saved);

    await t.api.saveProgress(token, epub.id, { epubLocation: CFI, percent: 12.5 });
    await t.api.saveProgress(token, epub.id, { epubLocation: CFI2 });
    expect(await t.api.getProgress(token, epub.id)).toMatchObject({ epubLocation: CFI2, percentComplete: 12.5, currentPage: null, status: 'reading' });
    expect(t.changes.filter((c) => c.includes('reading_progress'))).toHaveLength(4);
  });

  it('the last page completes the book; only an explicit change reopens it', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const b = await makeBook(t.db);
    await t.api.saveProgress(token, b.id, { currentPage: 5, totalPages: 5 });
    expect(await t.api.saveProgress(token, b.id, { currentPage: 1, totalPages: 5 })).toMatchObject({ status: 'completed', currentPage: 1, percentComplete: 100 });
    expect(await t.api.setReadingStatus(token, b.id, 'reading')).toMatchObject({ status: 'reading', percentComplete: 20 });
  });

  it('progress is per user, needs a session, and refuses unknown books and bad positions', async () => {
    const t = await makeTestApi(engine);
    const admin = await t.adminToken();
    await t.api.createUser(admin, { email: 'reader@example.org', displayName: 'Reader', password: 'reader-password', role: 'user' });
    const reader = (await t.api.signIn('reader@example.org', 'reader-password', false)).token;
    const b = await makeBook(t.db);

    await t.api.saveProgress(reader, b.id, { currentPage: 7, totalPages: 9 });
    expect(await t.api.getProgress(admin, b.id)).toBeNull();
    expect(await t.api.getProgress(reader, b.id)).toMatchObject({ currentPage: 7 });
    expect((await t.api.getBookForReading(reader, b.id)).book.id).toBe(b.id);

    await expect(t.api.getProgress('not-a-token', b.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.api.saveProgress('', b.id, { currentPage: 1, totalPages: 9 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.api.getBookForReading(reader, 'missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.saveProgress(reader, 'missing', { currentPage: 1, totalPages: 9 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.api.saveProgress(reader, b.id, { currentPage: 10, totalPages: 9 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await t.api.getProgress(reader, b.id)).toMatchObject({ currentPage: 7 });
  });

  it('a signed-out session can no longer save; the first-run admin must change the password first', async () => {
    const t = await makeTestApi(engine);
    const b = await makeBook(t.db);
    const pending = (await t.api.signIn('admin@localhost', 'admin123', false)).token;
    await expect(t.api.saveProgress(pending, b.id, { currentPage: 1, totalPages: 2 })).rejects.toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    const token = await t.adminToken();
    await t.api.signOut(token);
    await expect(t.api.saveProgress(token, b.id, { currentPage: 1, totalPages: 2 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('the local mode tells the reader where local files are', async () => {
    const t = await makeTestApi(engine);
    const token = await t.adminToken();
    const b = await makeBook(t.db);
    expect((await t.api.getBookForReading(token, b.id)).localMode).toBeNull();
    await t.db.run("INSERT INTO settings (key, value, updated_at) VALUES ('local_mode', 'import', 0)");
    expect((await t.api.getBookForReading(token, b.id)).localMode).toBe('import');
  });
});

describe('coalescingStore', () => {
  it('never waits for a write, writes bursts as the newest position, and flush waits for the last write', async () => {
    const { coalescingStore } = await import('../../src/readers/progressStores');
    const written: number[] = [];
    const states: string[] = [];
    let release: () => void = () => {};
    const store = coalescingStore({
      load: async () => null,
      write: (p) =>
        new Promise<void>((resolve) => {
          release = () => {
            written.push(p.currentPage!);
            resolve();
          };
        }),
      onState: (s) => states.push(s),
    });
    for (let page = 1; page <= 50; page++) store.save({ currentPage: page, totalPages: 50 });
    const flushed = store.flush();
    release(); // page 1 was in flight
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    release(); // then only the newest, page 50
    await flushed;
    expect(written).toEqual([1, 50]);
    expect(states).toEqual(['saving', 'saved']);
  });

  it('reports a failed write and goes on with the next position', async () => {
    const { coalescingStore } = await import('../../src/readers/progressStores');
    const errors: unknown[] = [];
    const states: string[] = [];
    let fail = true;
    const written: number[] = [];
    const store = coalescingStore({
      load: async () => null,
      write: async (p) => {
        if (fail) throw new Error('disk full');
        written.push(p.currentPage!);
      },
      onError: (e) => errors.push(e),
      onState: (s) => states.push(s),
    });
    store.save({ currentPage: 2, totalPages: 9 });
    await store.flush();
    expect(errors).toHaveLength(1);
    expect(states.at(-1)).toBe('error');
    fail = false;
    store.save({ currentPage: 3, totalPages: 9 });
    await store.flush();
    expect(written).toEqual([3]);
    expect(states.at(-1)).toBe('saved');
  });
});
