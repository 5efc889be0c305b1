import { createBrowserRouter } from 'react-router';
import { ApprovalsPage } from './approvals/approvals-page';
import { AppPage } from './apps/app-page';
import { AuditPage } from './audit/audit-page';
import { CallDetailPage } from './call-log/call-detail-page';
import { CallLogPage } from './call-log/call-log-page';
import { TenantPage } from './apps/tenant-page';
import { ConsoleShell, type NavEntry } from './components/console-shell';
import { RequireSession } from './components/require-session';
import { KeysPage } from './pages/keys-page';
import { LoginPage } from './pages/login-page';
import { OverviewPage } from './pages/overview-page';
import { ProvidersPage } from './pages/providers-page';
import { RoutesPage } from './pages/routes-page';
import { TenantsPage } from './pages/tenants-page';
import { CataloguePage } from './portal/catalogue-page';
import { ServiceDetailPage } from './services/service-detail-page';
import { ServicesPage } from './services/services-page';

const consoleNav: NavEntry[] = [
  { to: '/', label: 'Overview' },
  { to: '/providers', label: 'Providers' },
  { to: '/routes', label: 'Routes' },
  { to: '/services', label: 'Services' },
  { to: '/tenants', label: 'Tenants' },
  { to: '/keys', label: 'Keys' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/calls', label: 'Call log' },
  { to: '/audit', label: 'Audit log' },
  { to: '/portal', label: 'Developer portal' },
];

const portalNav: NavEntry[] = [
  { to: '/portal', label: 'Catalogue' },
  { to: '/', label: 'Console' },
];

/** Every page of the console (`/`) and the portal (`/portal`); the server answers index.html for each. */
export const appRouter = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireSession>
        <ConsoleShell title="Portico console" nav={consoleNav} />
      </RequireSession>
    ),
    children: [
      { index: true, element: <OverviewPage /> },
      { path: 'providers', element: <ProvidersPage /> },
      { path: 'routes', element: <RoutesPage /> },
      { path: 'services', element: <ServicesPage /> },
      { path: 'services/:serviceId', element: <ServiceDetailPage /> },
      { path: 'tenants', element: <TenantsPage /> },
      { path: 'tenants/:tenantId', element: <TenantPage /> },
      { path: 'apps/:appId', element: <AppPage /> },
      { path: 'keys', element: <KeysPage /> },
      { path: 'approvals', element: <ApprovalsPage /> },
      { path: 'calls', element: <CallLogPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'calls/:requestId', element: <CallDetailPage /> },
    ],
  },
  {
    path: '/portal',
    element: (
      <RequireSession>
        <ConsoleShell title="Portico developer portal" nav={portalNav} />
      </RequireSession>
    ),
    children: [
      { index: true, element: <CataloguePage /> },
      {
        path: 'services/:serviceId',
        // The service page (OpenAPI renderer, examples) is a separate chunk: most visits never open it.
        lazy: async () => ({ Component: (await import('./portal/service-page')).ServicePage }),
      },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);

function NotFoundPage() {
  return (
    <p role="alert">
      No page here. Go to the <a href="/">console</a>.
    </p>
  );
}
