import type { AdminPlugin } from './admin-context.js';
import { registerAppRoutes } from './routes/app-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerKeyRoutes } from './routes/key-routes.js';
import { registerSessionRoutes } from './routes/session-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { registerTokenRoutes } from './routes/token-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { registerProviderRoutes } from './routes/provider-routes.js';
import { registerRouteRoutes } from './routes/route-routes.js';
import { registerSubscriptionRoutes } from './routes/subscription-routes.js';
import { registerLimitRoutes } from './routes/limit-routes.js';
import { registerBudgetRoutes } from './routes/budget-routes.js';
import { registerApplyRoutes } from './routes/apply-routes.js';
import { registerCallLogRoutes } from './routes/call-log-routes.js';

/** Every resource plugin the control plane registers, in this order: one line per resource. */
export const adminRouteModules: AdminPlugin[] = [
  registerSessionRoutes,
  registerTokenRoutes,
  tenantRoutes,
  registerUserRoutes,
  registerAppRoutes,
  registerKeyRoutes,
  registerAuditRoutes,
  registerProviderRoutes,
  registerRouteRoutes,
  registerSubscriptionRoutes,
  registerLimitRoutes,
  registerBudgetRoutes,
  registerApplyRoutes,
  registerCallLogRoutes,
];
