import type { AdminPlugin } from './admin-context.js';
import { registerAppRoutes } from './routes/app-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerKeyRoutes } from './routes/key-routes.js';
import { registerSessionRoutes } from './routes/session-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { registerTokenRoutes } from './routes/token-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { providerRoutes } from './routes/provider-routes.js';
import { routeRoutes } from './routes/route-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { limitRoutes } from './routes/limit-routes.js';
import { budgetRoutes } from './routes/budget-routes.js';
import { applyRoutes } from './routes/apply-routes.js';
import { callLogRoutes } from './routes/call-log-routes.js';

/** Every resource plugin the control plane registers, in this order: one line per resource. */
export const adminRouteModules: AdminPlugin[] = [
  registerSessionRoutes,
  registerTokenRoutes,
  tenantRoutes,
  registerUserRoutes,
  registerAppRoutes,
  registerKeyRoutes,
  registerAuditRoutes,
  providerRoutes,
  routeRoutes,
  subscriptionRoutes,
  limitRoutes,
  budgetRoutes,
  applyRoutes,
  callLogRoutes,
];
