import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminFetch } from '../api/admin-fetch';
import type { HttpService, ServiceRelease } from '../api/service-types';

/** Makes an earlier release live again (as a new release), after a confirmation. */
export function RollbackButton({ service, release }: { service: HttpService; release: ServiceRelease }) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const path = `/api/admin/services/${encodeURIComponent(service.id)}`;
  const rollback = useMutation({
    mutationFn: () =>
      adminFetch<HttpService>(`${path}/rollback`, { method: 'POST', body: { release: release.number } }),
    onSuccess: async () => {
      setAsking(false);
      await client.invalidateQueries({ queryKey: [path] });
      await client.invalidateQueries({ queryKey: [`${path}/releases`] });
    },
  });
  if (release.live) return null;
  return (
    <>
      <Button
        size="xs"
        variant="light"
        aria-label={`Roll back to release ${release.number}`}
        onClick={() => setAsking(true)}
      >
        Roll back
      </Button>
      <Modal
        opened={asking}
        onClose={() => setAsking(false)}
        title={`Roll back ${service.name} to release ${release.number}?`}
      >
        <Stack>
          <Text size="sm">
            Release {release.number}'s spec becomes live at once as a new release ({service.release + 1}); the
            history is kept.
          </Text>
          {rollback.isError && (
            <Alert color="red" role="alert">
              {rollback.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>
              Cancel
            </Button>
            <Button color="orange" loading={rollback.isPending} onClick={() => rollback.mutate()}>
              Roll back
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
