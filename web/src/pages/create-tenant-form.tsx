import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminFetch } from '../api/admin-fetch';
import type { Tenant } from '../api/admin-types';

/** The admin API's `Handle` rule (admin-schemas.ts) for tenant names. */
const handlePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Creates a tenant (platform admins: POST /api/admin/tenants) and refreshes the tenant list. */
export function CreateTenantForm() {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string; display_name?: string }) =>
      adminFetch<Tenant>('/api/admin/tenants', { method: 'POST', body }),
    onSuccess: async () => {
      setName('');
      setDisplayName('');
      await client.invalidateQueries({ queryKey: ['/api/admin/tenants'] });
    },
  });
  const nameError =
    name !== '' && !handlePattern.test(name)
      ? 'Lowercase letters, digits and dashes, starting with a letter or digit (at most 63).'
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (nameError !== undefined) return;
    create.mutate(displayName.trim() === '' ? { name } : { name, display_name: displayName.trim() });
  };
  return (
    <form onSubmit={submit} aria-label="Create a tenant">
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput
            label="Tenant name"
            required
            value={name}
            error={nameError}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label="Display name"
            maxLength={200}
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            Create tenant
          </Button>
        </Group>
        {create.isError && (
          <Alert color="red" role="alert">
            {create.error.message}
          </Alert>
        )}
        {create.isSuccess && (
          <Alert color="green" role="status">
            Created tenant {create.data.name}.
          </Alert>
        )}
      </Stack>
    </form>
  );
}
