import { Code, Tabs } from '@mantine/core';
import type { Operation } from './read-operations';

/** Shown instead of a real key: the portal never has the user's key (it is shown once). */
export const placeholderKey = 'YOUR_PORTICO_KEY';

/** The example's URL: the operation's path under the base URL, parameters left as `{name}`. */
function exampleUrl(baseUrl: string, operation: Operation): string {
  return `${baseUrl.replace(/\/$/, '')}${operation.path}`;
}

export function curlExample(baseUrl: string, operation: Operation): string {
  const lines = [
    `curl -X ${operation.method} '${exampleUrl(baseUrl, operation)}'`,
    `  -H 'x-api-key: ${placeholderKey}'`,
  ];
  if (operation.requestBody.length > 0) lines.push(`  -H 'content-type: application/json'`, `  -d '{}'`);
  return lines.join(' \\\n');
}

function fetchExample(baseUrl: string, operation: Operation): string {
  const body = operation.requestBody.length > 0;
  return [
    `const response = await fetch('${exampleUrl(baseUrl, operation)}', {`,
    `  method: '${operation.method}',`,
    `  headers: { 'x-api-key': '${placeholderKey}'${body ? ", 'content-type': 'application/json'" : ''} },`,
    ...(body ? ['  body: JSON.stringify({}),'] : []),
    '});',
    'console.log(response.status, await response.text());',
  ].join('\n');
}

function pythonExample(baseUrl: string, operation: Operation): string {
  const body = operation.requestBody.length > 0;
  return [
    'import requests',
    '',
    `response = requests.request(`,
    `    '${operation.method}',`,
    `    '${exampleUrl(baseUrl, operation)}',`,
    `    headers={'x-api-key': '${placeholderKey}'},`,
    ...(body ? ['    json={},'] : []),
    ')',
    'print(response.status_code, response.text)',
  ].join('\n');
}

/** Example calls of one operation in curl, JavaScript (fetch) and Python (requests). */
export function ExampleCalls({ baseUrl, operation }: { baseUrl: string; operation: Operation }) {
  return (
    <Tabs defaultValue="curl" keepMounted={false}>
      <Tabs.List aria-label="Example language">
        <Tabs.Tab value="curl">curl</Tabs.Tab>
        <Tabs.Tab value="javascript">JavaScript</Tabs.Tab>
        <Tabs.Tab value="python">Python</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="curl">
        <Code block aria-label="curl example">
          {curlExample(baseUrl, operation)}
        </Code>
      </Tabs.Panel>
      <Tabs.Panel value="javascript">
        <Code block aria-label="JavaScript example">
          {fetchExample(baseUrl, operation)}
        </Code>
      </Tabs.Panel>
      <Tabs.Panel value="python">
        <Code block aria-label="Python example">
          {pythonExample(baseUrl, operation)}
        </Code>
      </Tabs.Panel>
    </Tabs>
  );
}
