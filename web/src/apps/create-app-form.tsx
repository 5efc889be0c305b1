import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminFetch } from '../api/admin-fetch';
import type { App } from '../api/admin-types';

/** Creates an app in a tenant (POST /api/admin/tenants/:tenantId/apps: name 1..200, description ≤ 2000). */
export function CreateAppForm({ tenantId }: { tenantId: string }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const path = `/api/admin/tenants/${encodeURIComponent(tenantId)}/apps`;
  const create = useMutation({
    mutationFn: (body: { name: string; description?: string }) =>
      adminFetch<App>(path, { method: 'POST', body }),
    onSuccess: async () => {
      setName('');
      setDescription('');
      await client.invalidateQueries({ queryKey: [path] });
    },
  });
  const nameError = name.length > 200 ? 'At most 200 characters.' : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || nameError !== undefined) return;
    create.mutate(
      description.trim() === ''
        ? { name: name.trim() }
        : { name: name.trim(), description: description.trim() },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Create an app">
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput
            label="App name"
            required
            value={name}
            error={nameError}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label="Description"
            maxLength={2000}
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            Create app
          </Button>
        </Group>
        {create.isError && (
          <Alert color="red" role="alert">
            {create.error.message}
          </Alert>
        )}
        {create.isSuccess && (
          <Alert color="green" role="status">
            Created app {create.data.name}.
          </Alert>
        )}
      </Stack>
    </form>
  );
}
