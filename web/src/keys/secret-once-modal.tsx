import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import type { NewApiKey } from '../api/admin-types';

/**
 * Shows a key just created or rotated. The admin API returns it in that answer only and stores
 * its hash, so closing this dialog is the last chance to copy it.
 */
export function SecretOnceModal({ created, onClose }: { created: NewApiKey | null; onClose: () => void }) {
  return (
    <Modal opened={created !== null} onClose={onClose} title="Copy the new API key now" size="lg">
      {created !== null && (
        <Stack>
          <Alert color="yellow" title="Shown only once" role="alert">
            Portico keeps only a digest of this key. Copy it now and store it somewhere safe: once this dialog
            is closed it cannot be shown again (rotate the key to get a new one).
          </Alert>
          <Text size="sm">
            Key <strong>{created.name}</strong> ({created.prefix}…)
          </Text>
          <Code block aria-label="New API key" data-testid="new-api-key">
            {created.key}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.key}>
              {({ copied, copy }) => (
                <Button color={copied ? 'teal' : 'blue'} onClick={copy}>
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              I have stored the key
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
