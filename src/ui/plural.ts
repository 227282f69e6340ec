/** The noun for a count: "book" for 1, "books" otherwise, for text that sets the number apart (bold). */
export function noun(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "1 book", "2 books", "10,000 books". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${noun(n, one, many)}`;
}
