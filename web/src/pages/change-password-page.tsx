import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useChangePassword } from '../api/session-queries';
import type { User } from '../api/admin-types';

/** The admin API's rule for new passwords (session-routes.ts): 8 to 1024 characters. */
const minPasswordLength = 8;

/** The forced first-login password change (and the place to change one's password). */
export function ChangePasswordPage({ user }: { user: User }) {
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next.length < minPasswordLength)
      return setProblem(`The new password needs at least ${minPasswordLength} characters.`);
    if (next !== repeat) return setProblem('The two new passwords differ.');
    setProblem(undefined);
    change.mutate({ current, new: next });
  };
  const error = problem ?? (change.isError ? change.error.message : undefined);
  return (
    <Center h="100vh">
      <Paper withBorder shadow="sm" p="xl" w={400}>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2}>Choose a new password</Title>
            <Text size="sm">
              {user.username}, your password is one-time: choose your own before using Portico.
            </Text>
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              withAsterisk={false}
              value={current}
              onChange={(event) => setCurrent(event.currentTarget.value)}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={next}
              onChange={(event) => setNext(event.currentTarget.value)}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              withAsterisk={false}
              value={repeat}
              onChange={(event) => setRepeat(event.currentTarget.value)}
            />
            {error !== undefined && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
