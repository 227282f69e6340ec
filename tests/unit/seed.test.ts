import { describe, expect, it } from 'vitest';
import { engines, openMigrated } from './engines';
import { getUserById, seedDefaultAdmin, updateUser } from '../../src/db/queries/users';
import { hashPassword, verifyPassword } from '../../src/domain/passwords';
import { bumpLibraryVersion, getLibraryVersion, libraryWrite } from '../../src/db/queries/settings';
import { insertBook, countBooks } from '../../src/db/queries/books';

// Cost 4 keeps these tests fast; the hash format (and so verification) is the same.
const quickHash = (pw: string) => hashPassword(pw, 4);

describe.each(engines)('seed and library_version ($name)', (engine) => {
  it('creates the default admin once, with a bcrypt hash of admin123', async () => {
    const db = await openMigrated(engine);
    expect(await seedDefaultAdmin(db, quickHash)).toBe(true);
    expect(await seedDefaultAdmin(db, quickHash)).toBe(false);
    const admin = (await getUserById(db, '1'))!;
    expect(admin).toMatchObject({ id: '1', email: 'admin@localhost', role: 'admin' });
    expect(admin.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(await verifyPassword('admin123', admin.passwordHash)).toBe(true);
    expect(Number((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users'))!.n)).toBe(1);
  });

  it('never resets a password that was changed', async () => {
    const db = await openMigrated(engine);
    await seedDefaultAdmin(db, quickHash);
    await updateUser(db, '1', { passwordHash: await quickHash('a much better secret') });
    await seedDefaultAdmin(db, quickHash);
    const admin = (await getUserById(db, '1'))!;
    expect(await verifyPassword('admin123', admin.passwordHash)).toBe(false);
    expect(await verifyPassword('a much better secret', admin.passwordHash)).toBe(true);
  });

  it('library_version only grows, and moves with the write it belongs to', async () => {
    const db = await openMigrated(engine);
    expect(await getLibraryVersion(db)).toBe(0);
    expect(await bumpLibraryVersion(db)).toBe(1);
    const { version } = await libraryWrite(db, () =>
      insertBook(db, { title: 'T', fileType: 'epub', filePath: 't.epub', fileSize: 1, fileHash: 'h' }),
    );
    expect(version).toBe(2);
    // A failed write rolls back its bump with it.
    await expect(
      libraryWrite(db, async () => {
        await insertBook(db, { title: 'T2', fileType: 'epub', filePath: 't2.epub', fileSize: 1, fileHash: 'h2' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await getLibraryVersion(db)).toBe(2);
    expect(await countBooks(db)).toBe(1);
  });
});
