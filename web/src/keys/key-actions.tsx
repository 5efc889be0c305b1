import { Alert, Button, Group, Modal, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ApiKey, NewApiKey } from '../api/admin-types';
import { useRevokeKey, useRotateKey } from '../api/key-mutations';
import { keyState } from './key-status';
import { SecretOnceModal } from './secret-once-modal';

/** Grace periods offered on rotation (the admin API allows 0..30 days). */
const graceChoices = [
  { value: '0', label: 'None: the old key stops now' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
];

/** Rotate and revoke buttons of a key's row, each confirmed in a dialog. */
export function KeyActions({ apiKey }: { apiKey: ApiKey }) {
  const [dialog, setDialog] = useState<'rotate' | 'revoke' | null>(null);
  const [grace, setGrace] = useState('86400');
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const rotate = useRotateKey();
  const revoke = useRevokeKey();
  const state = keyState(apiKey, Date.now());
  const close = () => {
    setDialog(null);
    rotate.reset();
    revoke.reset();
  };
  if (state === 'revoked') return null;
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {state === 'active' && (
          <Button
            size="xs"
            variant="default"
            onClick={() => setDialog('rotate')}
            aria-label={`Rotate ${apiKey.name}`}
          >
            Rotate
          </Button>
        )}
        <Button
          size="xs"
          variant="light"
          color="red"
          onClick={() => setDialog('revoke')}
          aria-label={`Revoke ${apiKey.name}`}
        >
          Revoke
        </Button>
      </Group>
      <Modal opened={dialog === 'rotate'} onClose={close} title={`Rotate key ${apiKey.name}?`}>
        <Stack>
          <Text size="sm">A new key replaces {apiKey.prefix}…; it is shown once.</Text>
          <NativeSelect
            label="Old key keeps working for"
            data={graceChoices}
            value={grace}
            onChange={(event) => setGrace(event.currentTarget.value)}
          />
          {rotate.isError && (
            <Alert color="red" role="alert">
              {rotate.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              loading={rotate.isPending}
              onClick={() =>
                rotate.mutate(
                  { id: apiKey.id, graceSeconds: Number(grace) },
                  {
                    onSuccess: (answer) => {
                      close();
                      setCreated(answer);
                    },
                  },
                )
              }
            >
              Rotate key
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={dialog === 'revoke'} onClose={close} title={`Revoke key ${apiKey.name}?`}>
        <Stack>
          <Text size="sm">Calls with {apiKey.prefix}… are refused from now on. This cannot be undone.</Text>
          {revoke.isError && (
            <Alert color="red" role="alert">
              {revoke.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() => revoke.mutate(apiKey.id, { onSuccess: close })}
            >
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
      <SecretOnceModal created={created} onClose={() => setCreated(null)} />
    </>
  );
}
