import { Stack, Text, Title } from '@mantine/core';

/** Placeholder: keys belong to apps, whose pages are not built yet. */
export function KeysPage() {
  return (
    <Stack>
      <Title order={2}>Keys</Title>
      <Text>Not built yet: keys are listed per app (GET /api/admin/apps/:appId/keys); the apps pages come first.</Text>
    </Stack>
  );
}
