import type { BatchOutcome } from './call-batch-sink.js';
import type { CallRecord } from './call-record.js';
import type { RetentionOptions } from './enforce-retention.js';

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
  | { id: number; kind: 'retention'; options: RetentionOptions; nowMs: number }
  | { id: number; kind: 'close' };

/** The thread's answer; errors cross as structured clones (message and stack kept). */
export type CallLogThreadReply =
  { id: number; ok: true; outcome: BatchOutcome | undefined } | { id: number; ok: false; error: unknown };
