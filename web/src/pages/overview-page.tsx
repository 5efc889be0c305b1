import { Alert, Loader, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formatCost } from '../call-log/call-log-page';
import { TopList } from '../dashboard/top-list';
import { dashboardRanges, totalsOf, useAnalytics, type DashboardRange } from '../dashboard/use-analytics';

const rangeChoices = Object.entries(dashboardRanges).map(([value, range]) => ({ value, label: range.label }));

function isRange(value: string): value is DashboardRange {
  return value in dashboardRanges;
}

/** The overview: totals, the series per time bucket and the busiest routes, providers and tenants. */
export function OverviewPage() {
  const [range, setRange] = useState<DashboardRange>('24h');
  const series = useAnalytics(range);
  return (
    <Stack>
      <Title order={2}>Overview</Title>
      <SegmentedControl
        aria-label="Time range"
        data={rangeChoices}
        value={range}
        onChange={(value) => {
          if (isRange(value)) setRange(value);
        }}
        w="fit-content"
      />
      {series.isPending && <Loader aria-label="Loading the analytics" />}
      {series.isError && (
        <Alert color="red" title="Cannot load the analytics" role="alert">
          {series.error.message}
        </Alert>
      )}
      {series.isSuccess && <Totals rows={series.data.items} />}
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        <TopList range={range} dimension="route" title="Top routes" />
        <TopList range={range} dimension="provider" title="Top providers" />
        <TopList range={range} dimension="tenant" title="Top tenants" />
      </SimpleGrid>
      {series.isSuccess && <Series rows={series.data.items} />}
    </Stack>
  );
}

function Totals({ rows }: { rows: Parameters<typeof totalsOf>[0] }) {
  const totals = totalsOf(rows);
  const worstP95 = Math.max(0, ...rows.map((row) => row.latencyP95 ?? 0));
  const cards: [string, string][] = [
    ['Requests', String(totals.requests)],
    [
      'Errors',
      totals.requests === 0
        ? '0'
        : `${totals.errors} (${((100 * totals.errors) / totals.requests).toFixed(1)}%)`,
    ],
    ['Tokens', String(totals.tokens)],
    ['Cost', formatCost(totals.costUsd)],
    ['Slowest p95', rows.length === 0 ? '—' : `${Math.round(worstP95)} ms`],
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }} role="list" aria-label="Totals">
      {cards.map(([label, value]) => (
        <Paper key={label} withBorder p="md" role="listitem" aria-label={label}>
          <Text size="sm" c="dimmed">
            {label}
          </Text>
          <Text size="xl" fw={700}>
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The buckets with calls, newest first (the charts replace this table once recharts is installed). */
function Series({ rows }: { rows: Parameters<typeof totalsOf>[0] }) {
  const ordered = [...rows].filter((row) => row.requests > 0).sort((a, b) => b.bucketStart - a.bucketStart);
  return (
    <Stack gap="xs">
      <Title order={3}>Over time</Title>
      {ordered.length === 0 ? (
        <Text c="dimmed">No calls in this range.</Text>
      ) : (
        <Table aria-label="Over time" striped>
          <Table.Thead>
            <Table.Tr>
              {['From', 'Requests', 'Errors', 'p50', 'p95', 'Tokens', 'Cost'].map((header) => (
                <Table.Th key={header}>{header}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ordered.map((row) => (
              <Table.Tr key={row.bucketStart}>
                <Table.Td>{new Date(row.bucketStart).toLocaleString()}</Table.Td>
                <Table.Td>{row.requests}</Table.Td>
                <Table.Td>{row.errors}</Table.Td>
                <Table.Td>{row.latencyP50 === null ? '—' : `${Math.round(row.latencyP50)} ms`}</Table.Td>
                <Table.Td>{row.latencyP95 === null ? '—' : `${Math.round(row.latencyP95)} ms`}</Table.Td>
                <Table.Td>{row.inputTokens + row.outputTokens}</Table.Td>
                <Table.Td>{formatCost(row.costUsd)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
