import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { adminFetch } from '../api/admin-fetch';
import type { Subscription } from '../api/admin-types';

type Decision = 'approve' | 'reject' | 'revoke';

/** Decisions open from each state, as the admin API allows them. */
const openDecisions: Record<Subscription['status'], Decision[]> = {
  pending: ['approve', 'reject'],
  rejected: ['approve'],
  approved: ['revoke'],
  revoked: [],
};

const verbs: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', revoke: 'Revoke' };

/** The admin API's rule for a reason: required for reject and revoke, 1..2000 characters. */
function reasonError(reason: string): string | undefined {
  if (reason.trim() === '') return 'A reason is required; the subscriber sees it.';
  if (reason.length > 2000) return 'At most 2000 characters.';
  return undefined;
}

/** Approve at once; reject or revoke through a dialog asking for the reason. */
export function DecisionButtons({
  subscription,
  onDecided,
}: {
  subscription: Subscription;
  onDecided: (after: Subscription) => void;
}) {
  const client = useQueryClient();
  const [asking, setAsking] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const decide = useMutation({
    mutationFn: ({ decision, reason: text }: { decision: Decision; reason?: string }) =>
      adminFetch<Subscription>(
        `/api/admin/subscriptions/${encodeURIComponent(subscription.id)}/${decision}`,
        {
          method: 'POST',
          body: text === undefined ? {} : { reason: text },
        },
      ),
    onSuccess: async (after) => {
      setAsking(null);
      setReason('');
      setTouched(false);
      onDecided(after);
      await client.invalidateQueries({ queryKey: ['/api/admin/subscriptions'] });
    },
  });
  const error = touched ? reasonError(reason) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (asking === null || reasonError(reason) !== undefined) return;
    decide.mutate({ decision: asking, reason: reason.trim() });
  };
  const label = `${subscription.app_id} to ${subscription.route_name}`;
  return (
    <>
      <Group gap="xs" wrap="nowrap">
        {openDecisions[subscription.status].map((decision) => (
          <Button
            key={decision}
            size="xs"
            variant={decision === 'approve' ? 'filled' : 'light'}
            color={decision === 'approve' ? 'green' : 'red'}
            aria-label={`${verbs[decision]} ${label}`}
            loading={decide.isPending && decision === 'approve'}
            onClick={() => (decision === 'approve' ? decide.mutate({ decision }) : setAsking(decision))}
          >
            {verbs[decision]}
          </Button>
        ))}
      </Group>
      {decide.isError && asking === null && (
        <Alert color="red" role="alert" mt="xs">
          {decide.error.message}
        </Alert>
      )}
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={`${verbs[asking ?? 'reject']} the subscription of ${label}?`}
      >
        <form onSubmit={submit} aria-label="Decision">
          <Stack>
            <Textarea
              label="Reason"
              description="Shown to the subscriber."
              withAsterisk
              autosize
              minRows={2}
              value={reason}
              error={error}
              onChange={(event) => setReason(event.currentTarget.value)}
            />
            {decide.isError && (
              <Alert color="red" role="alert">
                {decide.error.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={decide.isPending}>
                {verbs[asking ?? 'reject']} subscription
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
