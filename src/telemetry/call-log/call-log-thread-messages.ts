import type { BatchOutcome } from './call-batch-sink.js';
import type { CallRecord } from './call-record.js';

/** What the call-log thread is started with. */
export interface CallLogThreadData {
  /** The SQLite file the thread opens its own connection to. */
  file: string;
  /** Largest stored body, in UTF-8 bytes. */
  bodyCapBytes: number;
}

/** A request from the writer to its thread; answered by one reply with the same id. */
export type CallLogThreadRequest =
  | { id: number; kind: 'write'; records: readonly CallRecord[]; nowMs: number }
  | { id: number; kind: 'close' };

/** An error as it crosses the thread boundary (structured clone drops a driver error's message). */
export interface ThreadError {
  name: string;
  message: string;
  /** The driver's code, e.g. `SQLITE_BUSY`, when it had one. */
  code: string | undefined;
}

/** The thread's answer to one request. */
export type CallLogThreadReply =
  { id: number; ok: true; outcome: BatchOutcome | undefined } | { id: number; ok: false; error: ThreadError };

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: undefined };
  const code: unknown = (error as Error & { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}

/** The error the writer reports, named like the thread's: "SqliteError: no such table: …". */
export function fromThreadError(error: ThreadError): Error {
  const rebuilt = new Error(error.message) as Error & { code?: string };
  rebuilt.name = error.name;
  if (error.code !== undefined) rebuilt.code = error.code;
  return rebuilt;
}
