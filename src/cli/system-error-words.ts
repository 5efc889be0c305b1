/** Plain words for the system error codes an ordinary mistake produces. */
const words: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not on this machine',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'no such host',
  ETIMEDOUT: 'timed out',
};

/** `connection refused` for `ECONNREFUSED`; undefined for a code without plain words here. */
export function systemErrorWords(code: string | undefined): string | undefined {
  return code === undefined ? undefined : words[code];
}

/** The `code` Node puts on a system error (`ENOENT`, `ECONNREFUSED`, …), if any. */
export function systemErrorCode(error: unknown): string | undefined {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
}
