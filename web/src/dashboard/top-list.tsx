import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { formatCost } from '../call-log/call-log-page';
import { totalsOf, useAnalytics, type DashboardRange } from './use-analytics';

/** The five busiest values of one dimension over the range. */
export function TopList({
  range,
  dimension,
  title,
}: {
  range: DashboardRange;
  dimension: 'route' | 'provider' | 'tenant';
  title: string;
}) {
  const analytics = useAnalytics(range, dimension);
  if (analytics.isPending) return <Loader aria-label={`Loading ${title}`} />;
  if (analytics.isError) {
    return (
      <Alert color="red" title={`Cannot load ${title}`} role="alert">
        {analytics.error.message}
      </Alert>
    );
  }
  const byValue = new Map<string, typeof analytics.data.items>();
  for (const row of analytics.data.items) {
    const value = row.group[dimension] ?? '(none)';
    byValue.set(value, [...(byValue.get(value) ?? []), row]);
  }
  const top = [...byValue.entries()]
    .map(([value, rows]) => ({ value, ...totalsOf(rows) }))
    .sort((a, b) => b.requests - a.requests)
    .slice(0, 5);
  return (
    <Stack gap="xs">
      <Title order={3}>{title}</Title>
      {top.length === 0 ? (
        <Text c="dimmed">No calls in this range.</Text>
      ) : (
        <Table aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{dimension[0]?.toUpperCase() + dimension.slice(1)}</Table.Th>
              <Table.Th>Requests</Table.Th>
              <Table.Th>Errors</Table.Th>
              <Table.Th>Cost</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {top.map((entry) => (
              <Table.Tr key={entry.value}>
                <Table.Td>{entry.value}</Table.Td>
                <Table.Td>{entry.requests}</Table.Td>
                <Table.Td>{entry.errors}</Table.Td>
                <Table.Td>{formatCost(entry.costUsd)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
