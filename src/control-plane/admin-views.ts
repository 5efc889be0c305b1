import { Type, type Static } from 'typebox';
import { fromAllowedModelsColumn } from '../storage/allowed-models-column.js';
import type { ApiKeysTable, AppsTable, TenantsTable, UsersTable } from '../storage/database-schema.js';
import { Nullable } from './admin-schemas.js';

/*
 * What the admin API shows of each stored row. Response schemas list exactly these fields, so a
 * column added later (or a hash) is never serialized by accident.
 */

const Role = Type.Union([
  Type.Literal('platform_admin'),
  Type.Literal('tenant_admin'),
  Type.Literal('developer'),
  Type.Literal('viewer'),
]);

export const TenantView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  display_name: Type.String(),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type TenantView = Static<typeof TenantView>;

export function tenantView(row: TenantsTable): TenantView {
  return {
    id: row.id,
    name: row.name,
    display_name: row.display_name,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  role: Role,
  tenant_id: Nullable(Type.String()),
  disabled: Type.Boolean(),
  /** True while the password is a generated or reset one: sign in and change it first. */
  must_change_password: Type.Boolean(),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type UserView = Static<typeof UserView>;

/** A user without its password hash. */
export function userView(row: UsersTable): UserView {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    tenant_id: row.tenant_id,
    disabled: row.disabled === 1,
    must_change_password: row.must_change_password === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Model names a key or app may call; null: no restriction beyond subscriptions. */
const AllowedModels = Nullable(Type.Array(Type.String()));

export const AppView = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  allowed_models: AllowedModels,
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type AppView = Static<typeof AppView>;

export function appView(row: AppsTable): AppView {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    name: row.name,
    description: row.description,
    allowed_models: fromAllowedModelsColumn(row.allowed_models),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export const KeyView = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  app_id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  expires_at: Nullable(Type.Integer()),
  revoked_at: Nullable(Type.Integer()),
  rotated_to: Nullable(Type.String()),
  allowed_models: AllowedModels,
  last_used_at: Nullable(Type.Integer()),
  created_at: Type.Integer(),
});
export type KeyView = Static<typeof KeyView>;

/** An API key without its hash (the key itself is never stored). */
export function keyView(row: ApiKeysTable): KeyView {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    app_id: row.app_id,
    name: row.name,
    prefix: row.prefix,
    expires_at: row.expires_at,
    revoked_at: row.revoked_at,
    rotated_to: row.rotated_to,
    allowed_models: fromAllowedModelsColumn(row.allowed_models),
    last_used_at: row.last_used_at,
    created_at: row.created_at,
  };
}
