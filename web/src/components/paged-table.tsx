import { Alert, Button, Group, Loader, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAdminPage, type ListFilters } from '../api/use-admin-page';

/** One column of a PagedTable. */
export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

interface PagedTableProps<T> {
  /** The admin API list endpoint, e.g. `/api/admin/tenants`. */
  path: string;
  /** Names the table for assistive technology (and tests). */
  label: string;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** Shown when the first page is empty. */
  emptyText: string;
  /** Query parameters the server filters by; a change starts at the first page. */
  filters?: ListFilters;
}

/** A server-paginated admin list with its loading, empty and error states. */
export function PagedTable<T>({ path, label, columns, rowKey, emptyText, filters }: PagedTableProps<T>) {
  const page = useAdminPage<T>(path, filters);
  if (page.isPending) return <Loader aria-label={`Loading ${label}`} />;
  if (page.isError) {
    return (
      <Alert color="red" title={`Cannot load ${label}`} role="alert">
        {page.error.message}
      </Alert>
    );
  }
  if (page.data.items.length === 0 && !page.hasPrevious) return <Text c="dimmed">{emptyText}</Text>;
  return (
    <>
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header}>{column.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.data.items.map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((column) => (
                <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed">
          Page {page.pageNumber}
          {page.isFetching ? ' (loading…)' : ''}
        </Text>
        <Group gap="xs" role="group" aria-label={`Pages of ${label}`}>
          <Button variant="default" size="xs" disabled={!page.hasPrevious} onClick={page.previous}>
            Previous
          </Button>
          <Button variant="default" size="xs" disabled={!page.hasNext} onClick={page.next}>
            Next
          </Button>
        </Group>
      </Group>
    </>
  );
}
