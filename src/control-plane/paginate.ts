import type { PageQuery } from './admin-schemas.js';

/** The default and largest page sizes of list endpoints. */
export const defaultPageSize = 50;
export const maxPageSize = 500;

/** How many rows to fetch for a page: one more than asked, to learn whether another page follows. */
export function pageFetchSize(query: PageQuery): number {
  return Math.min(query.limit ?? defaultPageSize, maxPageSize) + 1;
}

/**
 * Turns `pageFetchSize(query)` rows, ordered by their cursor column, into `{ items, next_cursor }`;
 * the cursor is the last returned row's id.
 */
export function toPage<Row, Item>(
  rows: Row[],
  query: PageQuery,
  cursorOf: (row: Row) => string,
  view: (row: Row) => Item,
): { items: Item[]; next_cursor: string | null } {
  const size = pageFetchSize(query) - 1;
  const items = rows.slice(0, size);
  const last = items.at(-1);
  return {
    items: items.map(view),
    next_cursor: rows.length > size && last !== undefined ? cursorOf(last) : null,
  };
}
