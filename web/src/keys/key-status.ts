import type { ApiKey } from '../api/admin-types';

/** What a key's row says about it; `rotated` keys still work until their grace period ends. */
export type KeyState = 'active' | 'rotated' | 'revoked' | 'expired';

export function keyState(key: ApiKey, now: number): KeyState {
  if (key.revoked_at !== null) return 'revoked';
  if (key.expires_at !== null && key.expires_at <= now) return 'expired';
  if (key.rotated_to !== null) return 'rotated';
  return 'active';
}

/** Badge colours per state. */
export const keyStateColor: Record<KeyState, string> = {
  active: 'green',
  rotated: 'yellow',
  revoked: 'red',
  expired: 'gray',
};
