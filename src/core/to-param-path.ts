/** A JSON pointer such as `/messages/0/content` → `messages[0].content`, the way OpenAI names params. */
export function toParamPath(instancePath: string): string {
  let path = '';
  for (const segment of instancePath.split('/').slice(1)) {
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}
