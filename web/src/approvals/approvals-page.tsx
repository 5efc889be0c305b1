import { Alert, Badge, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Subscription } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';
import { DecisionButtons } from './decision-buttons';

const statusChoices = [
  { value: 'pending', label: 'Pending' },
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'revoked', label: 'Revoked' },
  { value: '', label: 'All' },
];

const statusColor: Record<Subscription['status'], string> = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  revoked: 'gray',
};

/** The subscription approval queue: pending first, every decision with its reason afterwards. */
export function ApprovalsPage() {
  const [status, setStatus] = useState('pending');
  const [last, setLast] = useState<Subscription | null>(null);
  return (
    <Stack>
      <Title order={2}>Approvals</Title>
      <Text size="sm" c="dimmed">
        Subscriptions to routes that need approval. Platform admins see all; tenant admins those to their
        tenant's routes.
      </Text>
      <NativeSelect
        label="Show"
        data={statusChoices}
        value={status}
        onChange={(event) => setStatus(event.currentTarget.value)}
        w={200}
      />
      {last !== null && (
        <Alert
          color={statusColor[last.status]}
          role="status"
          withCloseButton
          onClose={() => setLast(null)}
          closeButtonLabel="Dismiss"
        >
          Subscription of {last.app_id} to {last.route_name}: {last.status}
          {last.reason === null ? '.' : ` (${last.reason}).`}
        </Alert>
      )}
      <PagedTable<Subscription>
        path="/api/admin/subscriptions"
        label="Subscriptions"
        filters={{ status }}
        rowKey={(row) => row.id}
        emptyText={status === 'pending' ? 'Nothing waits for approval.' : 'No subscriptions here.'}
        columns={[
          { header: 'Route', cell: (row) => row.route_name },
          { header: 'App', cell: (row) => row.app_id },
          { header: 'Tenant', cell: (row) => row.tenant_id },
          { header: 'Asked', cell: (row) => new Date(row.created_at).toLocaleString() },
          {
            header: 'Status',
            cell: (row) => (
              <Badge variant="light" color={statusColor[row.status]}>
                {row.status}
              </Badge>
            ),
          },
          { header: 'Reason', cell: (row) => row.reason ?? '—' },
          {
            header: 'Decided',
            cell: (row) => (row.decided_at === null ? '—' : new Date(row.decided_at).toLocaleString()),
          },
          { header: 'Actions', cell: (row) => <DecisionButtons subscription={row} onDecided={setLast} /> },
        ]}
      />
    </Stack>
  );
}
