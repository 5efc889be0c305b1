import type { AdminPlugin } from './admin-context.js';
import { appRoutes } from './routes/app-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { keyRoutes } from './routes/key-routes.js';
import { sessionRoutes } from './routes/session-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { providerRoutes } from './routes/provider-routes.js';
import { routeRoutes } from './routes/route-routes.js';
import { serviceRoutes } from './routes/service-routes.js';
import { subscriptionRoutes } from './routes/subscription-routes.js';
import { limitRoutes } from './routes/limit-routes.js';
import { budgetRoutes } from './routes/budget-routes.js';
import { applyRoutes } from './routes/apply-routes.js';
import { callLogRoutes } from './routes/call-log-routes.js';
import { callLogExportRoutes } from './routes/call-log-export-routes.js';

/** Every resource plugin the control plane registers, in this order: one line per resource. */
export const adminRouteModules: AdminPlugin[] = [
  sessionRoutes,
  tokenRoutes,
  tenantRoutes,
  userRoutes,
  appRoutes,
  keyRoutes,
  auditRoutes,
  providerRoutes,
  routeRoutes,
  serviceRoutes,
  subscriptionRoutes,
  limitRoutes,
  budgetRoutes,
  applyRoutes,
  callLogRoutes,
  callLogExportRoutes,
];
