import type { AppsTable, TenantsTable } from '../../storage/database-schema.js';
import { newEntityId } from '../../storage/key-hasher.js';
import { serviceRepository } from '../../storage/repositories/service-repository.js';
import { subscriptionRepository } from '../../storage/repositories/subscription-repository.js';
import { AdminError } from '../admin-error.js';
import { changedFields, planEntry, record, type ApplyContext } from './apply-plan.js';
import { routeVisibleToTenant } from './route-view.js';

/** A declared subscription is approved: declaring it is the platform admin's decision. */
export async function applySubscription(
  context: ApplyContext,
  tenant: Pick<TenantsTable, 'id' | 'name'>,
  app: Pick<AppsTable, 'id' | 'name'>,
  routeName: string,
  path: string,
): Promise<void> {
  const route = await serviceRepository.findGoverned(context.db, routeName);
  if (route === undefined || !routeVisibleToTenant({ ...route, lifecycle: 'published' }, tenant.id)) {
    throw new AdminError(
      'invalid_request',
      `Invalid '${path}': no route ${routeName} visible to tenant ${tenant.name}.`,
    );
  }
  const before = await subscriptionRepository.findOf(context.db, app.id, route.id);
  const decision = {
    status: 'approved' as const,
    reason: null,
    decided_by: 'cli-apply',
    decided_at: context.now,
    updated_at: context.now,
  };
  const changed =
    before === undefined ? undefined : changedFields({ status: before.status }, { status: 'approved' });
  const id = before?.id ?? newEntityId('sub');
  if (before === undefined) {
    const row = {
      id,
      tenant_id: tenant.id,
      app_id: app.id,
      route_id: route.id,
      ...decision,
      created_at: context.now,
    };
    await subscriptionRepository.insert(context.db, row);
  } else if (changed !== undefined && changed.length > 0) {
    await subscriptionRepository.update(context.db, id, decision);
  }
  await record(context, planEntry('subscription', `${tenant.name}/${app.name} → ${routeName}`, changed), {
    action: before === undefined ? 'subscription.create' : 'subscription.approve',
    targetType: 'subscription',
    targetId: id,
    tenantId: tenant.id,
    before: before === undefined ? null : { app_id: app.id, route: routeName, status: before.status },
    after: { app_id: app.id, route: routeName, status: 'approved' },
  });
}
