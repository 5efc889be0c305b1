import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Call } from '../api/admin-types';
import type { ListFilters } from '../api/use-admin-page';
import { PagedTable } from '../components/paged-table';
import { CallFiltersForm } from './call-filters-form';

/** The export endpoint's address for the applied filters. */
function exportUrl(format: 'csv' | 'json', filters: ListFilters): string {
  const query = new URLSearchParams({ format });
  for (const [field, value] of Object.entries(filters)) if (value !== undefined) query.set(field, value);
  return `/api/admin/logs/export?${query.toString()}`;
}

/** Formats a USD cost with enough digits for fractions of a cent. */
export function formatCost(usd: number): string {
  return `$${usd.toFixed(usd !== 0 && usd < 0.01 ? 6 : 4)}`;
}

/** Recorded calls, newest first, filtered and paged on the server; exports of the filtered list. */
export function CallLogPage() {
  const [filters, setFilters] = useState<ListFilters>({});
  const filtering = Object.keys(filters).length > 0;
  return (
    <Stack>
      <Title order={2}>Call log</Title>
      <CallFiltersForm onApply={setFilters} />
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          Export the filtered calls (newest first, at most 10,000):
        </Text>
        <Button component="a" href={exportUrl('csv', filters)} download variant="default" size="xs">
          Export CSV
        </Button>
        <Button component="a" href={exportUrl('json', filters)} download variant="default" size="xs">
          Export JSON
        </Button>
      </Group>
      <PagedTable<Call>
        path="/api/admin/logs"
        label="Calls"
        filters={filters}
        rowKey={(call) => call.requestId}
        emptyText={filtering ? 'No calls match these filters.' : 'No calls recorded yet.'}
        columns={[
          { header: 'Time', cell: (call) => new Date(call.at).toLocaleString() },
          {
            header: 'Request id',
            cell: (call) => (
              <Anchor
                component={Link}
                to={`/calls/${encodeURIComponent(call.requestId)}`}
                ff="monospace"
                size="sm"
              >
                {call.requestId}
              </Anchor>
            ),
          },
          { header: 'Route', cell: (call) => call.route ?? '—' },
          { header: 'Provider', cell: (call) => call.provider ?? '—' },
          {
            header: 'Status',
            cell: (call) => (
              <Badge variant="light" color={call.status >= 400 || call.errorCode !== null ? 'red' : 'green'}>
                {call.status}
              </Badge>
            ),
          },
          { header: 'Error', cell: (call) => call.errorCode ?? '—' },
          { header: 'Latency', cell: (call) => `${Math.round(call.latencyMs)} ms` },
          { header: 'Tokens', cell: (call) => `${call.inputTokens} → ${call.outputTokens}` },
          { header: 'Cost', cell: (call) => formatCost(call.costUsd) },
        ]}
      />
    </Stack>
  );
}
