/** The slice of node's ServerResponse the pipeline writes to; a test can supply its own. */
export interface ReplyWriter {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  /** True once the connection is gone. */
  readonly destroyed: boolean;
  writeHead(status: number, headers?: Record<string, string | number>): unknown;
  /** Returns false when the client is slow; wait for 'drain' before writing more. */
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string | Uint8Array): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}
