import { Type, type Static } from 'typebox';
import type { SubscriptionWithRoute } from '../storage/repositories/subscription-repository.js';
import { Nullable } from './admin-schemas.js';

/** Subscription statuses, and a subscription as the admin API shows it (the row plus its route's name). */
export const StatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('revoked'),
]);
export const SubscriptionView = Type.Object({
  id: Type.String(),
  tenant_id: Type.String(),
  app_id: Type.String(),
  route_id: Type.String(),
  route_name: Type.String(),
  status: StatusSchema,
  reason: Nullable(Type.String()),
  decided_by: Nullable(Type.String({ description: 'User id, `token:<id>`, `system` (no approval needed).' })),
  decided_at: Nullable(Type.Integer()),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type SubscriptionView = Static<typeof SubscriptionView>;
export function subscriptionView(row: SubscriptionWithRoute): SubscriptionView {
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    app_id: row.app_id,
    route_id: row.route_id,
    route_name: row.route_name,
    status: row.status,
    reason: row.reason,
    decided_by: row.decided_by,
    decided_at: row.decided_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
