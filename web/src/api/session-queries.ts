import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { AdminApiError } from './admin-api-error';
import { adminFetch } from './admin-fetch';
import type { User } from './admin-types';

const meKey = ['me'] as const;

/** The signed-in user; `null` when nobody is signed in (401). */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<User | null> => {
      try {
        return await adminFetch<User>('/api/admin/me');
      } catch (error) {
        if (error instanceof AdminApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Signs in (POST /api/admin/login); the session cookie is set by the answer. */
export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      adminFetch<User>('/api/admin/login', { method: 'POST', body }),
    onSuccess: (user) => {
      client.setQueryData(meKey, user);
    },
  });
}

/** Changes one's own password (PUT /api/admin/me/password), which clears `must_change_password`. */
export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { current: string; new: string }) =>
      adminFetch<undefined>('/api/admin/me/password', { method: 'PUT', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: meKey }),
  });
}

/** Ends the session (POST /api/admin/logout) and forgets every cached answer. */
export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => adminFetch<undefined>('/api/admin/logout', { method: 'POST' }),
    onSettled: () => {
      client.clear();
      client.setQueryData(meKey, null);
    },
  });
}
