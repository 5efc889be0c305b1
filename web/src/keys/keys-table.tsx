import { Anchor, Badge, Group, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ApiKey } from '../api/admin-types';
import { PagedTable, type Column } from '../components/paged-table';
import { KeyActions } from './key-actions';
import { keyState, keyStateColor } from './key-status';

const statusChoices = [
  { value: '', label: 'Any status' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

/** Keys from GET /api/admin/keys, filtered on the server by text and status (and app when given). */
export function KeysTable({ appId, showApp }: { appId?: string; showApp: boolean }) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  // One request per pause in typing, not per keystroke.
  const [searched] = useDebouncedValue(text.trim(), 300);
  const filtering = searched !== '' || status !== '';
  const columns: Column<ApiKey>[] = [
    { header: 'Name', cell: (key) => key.name },
    { header: 'Prefix', cell: (key) => <code>{key.prefix}…</code> },
    {
      header: 'Status',
      cell: (key) => {
        const state = keyState(key, Date.now());
        return (
          <Badge variant="light" color={keyStateColor[state]}>
            {state}
          </Badge>
        );
      },
    },
    {
      header: 'Expires',
      cell: (key) => (key.expires_at === null ? 'never' : new Date(key.expires_at).toLocaleString()),
    },
    {
      header: 'Last used',
      cell: (key) => (key.last_used_at === null ? '—' : new Date(key.last_used_at).toLocaleString()),
    },
    { header: 'Created', cell: (key) => new Date(key.created_at).toLocaleString() },
    { header: 'Actions', cell: (key) => <KeyActions apiKey={key} /> },
  ];
  if (showApp) {
    columns.splice(1, 0, {
      header: 'App',
      cell: (key) => (
        <Anchor component={Link} to={`/apps/${encodeURIComponent(key.app_id)}`}>
          {key.app_id}
        </Anchor>
      ),
    });
  }
  return (
    <>
      <Group align="flex-end" role="search" aria-label="Filter keys">
        <TextInput
          label="Search keys"
          placeholder="name, prefix or id"
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          maxLength={200}
        />
        <NativeSelect
          label="Status"
          data={statusChoices}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value)}
        />
      </Group>
      <PagedTable<ApiKey>
        path="/api/admin/keys"
        label="API keys"
        filters={{ app_id: appId, q: searched, status }}
        rowKey={(key) => key.id}
        emptyText={filtering ? 'No keys match these filters.' : 'No keys yet.'}
        columns={columns}
      />
    </>
  );
}
