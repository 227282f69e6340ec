import type { TextIndexApi } from '../api';
import type { HandlerContext } from '../context';
import { booksWithHashes, TEXT_INDEX_PAGE, textIndexBooksAfter } from '../queries/textIndexBooks';
import { requireUser } from './guard';

const MAX_HASHES = 200;

export function textIndexHandlers(ctx: HandlerContext): TextIndexApi {
  const { db } = ctx;
  return {
    async listTextIndexBooks(token, after) {
      await requireUser(ctx, token);
      const entries = await textIndexBooksAfter(db, typeof after === 'string' ? after : null);
      return { entries, next: entries.length === TEXT_INDEX_PAGE ? entries[entries.length - 1]!.id : null };
    },
    async booksByHash(token, hashes) {
      await requireUser(ctx, token);
      const list = (Array.isArray(hashes) ? hashes : []).filter((h): h is string => typeof h === 'string').slice(0, MAX_HASHES);
      return booksWithHashes(db, list);
    },
  };
}
