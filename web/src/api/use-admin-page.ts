import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { adminFetch } from './admin-fetch';
import type { Page } from './admin-types';

/** Rows per page the console asks for (the admin API allows 1..500). */
export const consolePageSize = 25;

/**
 * One page of an admin API list endpoint, paged on the server with its `cursor`. Keeps the cursors
 * of the pages before, so "Previous" needs no reverse cursor from the API.
 */
export function useAdminPage<T>(path: string) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query = new URLSearchParams({ limit: String(consolePageSize) });
  if (cursor !== undefined) query.set('cursor', cursor);
  const result = useQuery({
    queryKey: [path, cursor ?? null],
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
    previous: () => setCursors((before) => before.slice(0, -1)),
    next: () => {
      if (nextCursor !== null) setCursors((before) => [...before, nextCursor]);
    },
  };
}
