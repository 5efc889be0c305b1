/** Shapes of admin API answers the console reads (see the OpenAPI document at /api/docs). */

/** A list endpoint's page; `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type Role = 'platform_admin' | 'tenant_admin' | 'developer' | 'viewer';

export interface User {
  id: string;
  username: string;
  role: Role;
  tenant_id: string | null;
  disabled: boolean;
  /** True while the password is one-time: every call but me/password/logout answers 403. */
  must_change_password: boolean;
  created_at: number;
  updated_at: number;
}

export interface Tenant {
  id: string;
  name: string;
  display_name: string;
  created_at: number;
  updated_at: number;
}

export interface Provider {
  id: string;
  type: string;
  base_url?: string;
  secrets: Record<string, 'set'>;
  created_at: number;
  updated_at: number;
}

export interface RouteTarget {
  provider: string;
  model: string;
  weight?: number;
}

export interface ModelRoute {
  id: string;
  name: string;
  spec: { targets: RouteTarget[]; strategy?: string };
  tenant_id: string | null;
  visibility: 'private' | 'shared';
  lifecycle: 'draft' | 'published' | 'deprecated' | 'retired';
  requires_approval: boolean;
  description: string;
  created_at: number;
  updated_at: number;
}
