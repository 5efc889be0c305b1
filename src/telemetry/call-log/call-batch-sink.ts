import type { CallRecord } from './call-record.js';
import type { RetentionOptions } from './enforce-retention.js';

/** What one written batch did. */
export interface BatchOutcome {
  /** Calls committed. */
  written: number;
  /** One message per call that could not be prepared (it was dropped, the rest were written). */
  malformed: string[];
}

/**
 * Where the call-log writer sends its batches: in the event loop (`InlineCallSink`) or in a
 * worker thread (`ThreadedCallSink`, SQLite files). Batches arrive one at a time.
 */
export interface CallBatchSink {
  /** Redacts, caps and writes the calls in one transaction; rejects (nothing written) on a store error. */
  write(records: readonly CallRecord[], nowMs: number): Promise<BatchOutcome>;
  /** Drops what is past the retention bounds. */
  enforceRetention(options: RetentionOptions, nowMs: number): Promise<void>;
  /** Releases what the sink opened itself (never the caller's store). */
  close(): Promise<void>;
}
