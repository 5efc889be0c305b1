import { Alert, Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/session-queries';
import { ChangePasswordPage } from '../pages/change-password-page';

/**
 * Shows `children` to a signed-in user; sends others to /login (coming back afterwards) and a
 * user whose password is one-time to the password change first, as the admin API demands.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Alert color="red" title="Cannot reach the admin API" role="alert" m="xl">
        {me.error.message}
      </Alert>
    );
  }
  if (me.data === null) {
    const back = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${back}`} replace />;
  }
  if (me.data.must_change_password) return <ChangePasswordPage user={me.data} />;
  return children;
}
