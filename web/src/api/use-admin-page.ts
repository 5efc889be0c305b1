import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { adminFetch } from './admin-fetch';
import type { Page } from './admin-types';

/** Rows per page the console asks for (the admin API allows 1..500). */
export const consolePageSize = 25;

/** Query parameters of a list; empty and undefined values are not sent. */
export type ListFilters = Record<string, string | undefined>;

/**
 * One page of an admin API list endpoint, paged on the server with its `cursor` and filtered by
 * `filters`. Keeps the cursors of the pages before, so "Previous" needs no reverse cursor from the
 * API; a change of filters starts again at the first page.
 */
export function useAdminPage<T>(path: string, filters: ListFilters = {}) {
  const sent = Object.entries(filters).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  const filterKey = JSON.stringify(sent);
  const [state, setState] = useState<{ filterKey: string; cursors: string[] }>({ filterKey, cursors: [] });
  // New filters start at the first page; adjusting state while rendering is React's way to reset
  // on a changed input, and keeps a return to old filters from reopening an old page.
  if (state.filterKey !== filterKey) setState({ filterKey, cursors: [] });
  const cursors = state.filterKey === filterKey ? state.cursors : [];
  const cursor = cursors.at(-1);
  const query = new URLSearchParams([...sent, ['limit', String(consolePageSize)]]);
  if (cursor !== undefined) query.set('cursor', cursor);
  const result = useQuery({
    queryKey: [path, filterKey, cursor ?? null],
    queryFn: () => adminFetch<Page<T>>(`${path}?${query.toString()}`),
    placeholderData: keepPreviousData,
  });
  const nextCursor = result.data?.next_cursor ?? null;
  return {
    ...result,
    /** 1 for the first page. */
    pageNumber: cursors.length + 1,
    hasPrevious: cursors.length > 0,
    hasNext: nextCursor !== null,
    previous: () => setState({ filterKey, cursors: cursors.slice(0, -1) }),
    next: () => {
      if (nextCursor !== null) setState({ filterKey, cursors: [...cursors, nextCursor] });
    },
  };
}
