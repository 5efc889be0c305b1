import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { adminFetch } from './admin-fetch';
import type { ApiKey, NewApiKey } from './admin-types';

/** Every cached key list (the cross-app list and each app's) is stale after a key changes. */
function refreshKeyLists(client: QueryClient) {
  return client.invalidateQueries({
    predicate: (query) => typeof query.queryKey[0] === 'string' && query.queryKey[0].includes('/keys'),
  });
}

/** The create body, as POST /api/admin/apps/:appId/keys takes it. */
export interface CreateKeyBody {
  name: string;
  /** Epoch ms. */
  expires_at?: number;
}

/** Creates a key in an app; the answer holds the key, shown once. */
export function useCreateKey(appId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateKeyBody) =>
      adminFetch<NewApiKey>(`/api/admin/apps/${encodeURIComponent(appId)}/keys`, { method: 'POST', body }),
    onSuccess: () => refreshKeyLists(client),
  });
}

/** Rotates a key: a new key (shown once); the old one works for `grace_seconds` more. */
export function useRotateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, graceSeconds }: { id: string; graceSeconds: number }) =>
      adminFetch<NewApiKey>(`/api/admin/keys/${encodeURIComponent(id)}/rotate`, {
        method: 'POST',
        body: { grace_seconds: graceSeconds },
      }),
    onSuccess: () => refreshKeyLists(client),
  });
}

/** Revokes a key at once. */
export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      adminFetch<ApiKey>(`/api/admin/keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
    onSuccess: () => refreshKeyLists(client),
  });
}
