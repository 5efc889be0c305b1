import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { NewApiKey } from '../api/admin-types';
import { useCreateKey } from '../api/key-mutations';
import { SecretOnceModal } from './secret-once-modal';

/** The admin API's rules for a key: a name of 1..200 characters and an optional expiry. */
function checkKey(name: string, expires: string, now: number): { name?: string; expires?: string } {
  const errors: { name?: string; expires?: string } = {};
  if (name.length > 200) errors.name = 'At most 200 characters.';
  if (expires !== '') {
    const at = new Date(expires).getTime();
    if (Number.isNaN(at)) errors.expires = 'Not a date and time.';
    else if (at <= now) errors.expires = 'Must be in the future.';
  }
  return errors;
}

/** Creates a key in an app and shows it once. */
export function CreateKeyForm({ appId }: { appId: string }) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const create = useCreateKey(appId);
  const errors = checkKey(name, expires, Date.now());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '' || errors.name !== undefined || errors.expires !== undefined) return;
    const body =
      expires === '' ? { name: name.trim() } : { name: name.trim(), expires_at: new Date(expires).getTime() };
    create.mutate(body, {
      onSuccess: (answer) => {
        setName('');
        setExpires('');
        setCreated(answer);
      },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Create a key">
      <Stack gap="xs">
        <Group align="flex-start">
          <TextInput
            label="Key name"
            required
            value={name}
            error={errors.name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <TextInput
            label="Expires (optional)"
            type="datetime-local"
            value={expires}
            error={errors.expires}
            onChange={(event) => setExpires(event.currentTarget.value)}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            Create key
          </Button>
        </Group>
        {create.isError && (
          <Alert color="red" role="alert">
            {create.error.message}
          </Alert>
        )}
      </Stack>
      <SecretOnceModal created={created} onClose={() => setCreated(null)} />
    </form>
  );
}
