import { Badge, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { Operation } from './read-operations';

const methodColor: Record<string, string> = {
  GET: 'blue',
  POST: 'green',
  PUT: 'orange',
  PATCH: 'yellow',
  DELETE: 'red',
};

/** The operations of a served OpenAPI document grouped by tag, each with its inputs. */
export function OperationsList({ operations }: { operations: Operation[] }) {
  if (operations.length === 0) return <Text c="dimmed">The document lists no operations.</Text>;
  const byTag = new Map<string, Operation[]>();
  for (const operation of operations) {
    // An operation with several tags is listed under its first: once is enough to find it.
    const tag = operation.tags[0] ?? 'default';
    byTag.set(tag, [...(byTag.get(tag) ?? []), operation]);
  }
  return (
    <Stack>
      {[...byTag].map(([tag, list]) => (
        <section key={tag} aria-label={`Operations tagged ${tag}`}>
          <Title order={4} mb="xs">
            {tag}
          </Title>
          <Stack gap="sm">
            {list.map((operation) => (
              <OperationCard key={`${operation.method} ${operation.path}`} operation={operation} />
            ))}
          </Stack>
        </section>
      ))}
    </Stack>
  );
}

function OperationCard({ operation }: { operation: Operation }) {
  return (
    <article aria-label={`${operation.method} ${operation.path}`}>
      <Group gap="xs">
        <Badge color={methodColor[operation.method] ?? 'gray'} w={72}>
          {operation.method}
        </Badge>
        <Code>{operation.path}</Code>
        <Text size="sm">{operation.summary}</Text>
      </Group>
      {operation.parameters.length > 0 && (
        <Table withRowBorders={false} fz="sm" mt={4} ml="md" w="auto">
          <Table.Tbody>
            {operation.parameters.map((parameter) => (
              <Table.Tr key={`${parameter.in} ${parameter.name}`}>
                <Table.Td>
                  <Code>
                    {parameter.name}
                    {parameter.required ? '*' : ''}
                  </Code>
                </Table.Td>
                <Table.Td>{parameter.in}</Table.Td>
                <Table.Td>{parameter.type}</Table.Td>
                <Table.Td c="dimmed">{parameter.description}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {operation.requestBody.map((body) => (
        <Text key={body.contentType} size="sm" ml="md" mt={4}>
          Body ({body.contentType}): <Code>{body.schema}</Code>
        </Text>
      ))}
    </article>
  );
}
