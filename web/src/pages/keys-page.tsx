import { Stack, Text, Title } from '@mantine/core';
import { KeysTable } from '../keys/keys-table';

/** Every key the user may see, across apps (all tenants for platform admins). */
export function KeysPage() {
  return (
    <Stack>
      <Title order={2}>Keys</Title>
      <Text size="sm" c="dimmed">
        Keys are created on their app's page (Tenants → tenant → app).
      </Text>
      <KeysTable showApp />
    </Stack>
  );
}
