import { Code, Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { AuditEntry } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';

/** The audit log, newest first, filtered on the server by action, target type and tenant. */
export function AuditPage() {
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [tenantId, setTenantId] = useState('');
  // One request per pause in typing, not per keystroke.
  const [filters] = useDebouncedValue(
    { action: action.trim(), target_type: targetType.trim(), tenant_id: tenantId.trim() },
    300,
  );
  const filtering = Object.values(filters).some((value) => value !== '');
  return (
    <Stack>
      <Title order={2}>Audit log</Title>
      <Group role="search" aria-label="Filter the audit log">
        <TextInput
          label="Action"
          placeholder="key.rotate"
          maxLength={100}
          value={action}
          onChange={(event) => setAction(event.currentTarget.value)}
        />
        <TextInput
          label="Target type"
          placeholder="api_key"
          maxLength={100}
          value={targetType}
          onChange={(event) => setTargetType(event.currentTarget.value)}
        />
        <TextInput
          label="Tenant id"
          maxLength={100}
          value={tenantId}
          onChange={(event) => setTenantId(event.currentTarget.value)}
        />
      </Group>
      <PagedTable<AuditEntry>
        path="/api/admin/audit"
        label="Audit log"
        filters={filters}
        rowKey={(entry) => String(entry.id)}
        emptyText={filtering ? 'No entries match these filters.' : 'No entries yet.'}
        columns={[
          { header: 'Time', cell: (entry) => new Date(entry.at).toLocaleString() },
          { header: 'Actor', cell: (entry) => entry.actor },
          { header: 'Action', cell: (entry) => entry.action },
          { header: 'Target', cell: (entry) => `${entry.target_type} ${entry.target_id}` },
          { header: 'Tenant', cell: (entry) => entry.tenant_id ?? '—' },
          {
            header: 'After',
            cell: (entry) => (
              <Code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {entry.after === null ? 'deleted' : JSON.stringify(entry.after)}
              </Code>
            ),
          },
        ]}
      />
    </Stack>
  );
}
