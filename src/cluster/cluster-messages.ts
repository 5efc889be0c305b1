import type { ErrorCode } from '../core/error-codes.js';
import type { AdmitRequest } from '../policy/policy-rules.js';
import type { CallRecord } from '../telemetry/call-log/call-record.js';

/**
 * What a worker tells the primary. Items are sent in batches (one IPC message per event-loop
 * turn) because per-message IPC cost, not the items, dominates under load.
 */
export type WorkerItem =
  /** Reserve for a call; answered by `admitted` or `refused` with the same `id`. */
  | { type: 'admit'; id: number; request: AdmitRequest }
  /** A call ended: settle its admission (ticket, if any) and record it. */
  | { type: 'finish'; ticket: number | null; record: CallRecord }
  /** The worker reloaded governance after `reload` number `id`. */
  | { type: 'reloaded'; id: number }
  /** Requests being served now by this worker (sent each second, for the metrics). */
  | { type: 'in-flight'; count: number }
  /** The worker listens on `host`:`port` (the address its socket reports). */
  | { type: 'listening'; host: string; port: number }
  /** Every request finished and every `finish` before this item was sent: the worker exits next. */
  | { type: 'drained' };

/** A refused admission, rebuilt into a GatewayError in the worker. */
export interface RefusalWire {
  code: ErrorCode;
  message: string;
  retryAfterSeconds?: number;
  headers?: Readonly<Record<string, string>>;
}

/** What the primary tells a worker. */
export type PrimaryItem =
  | { type: 'admitted'; id: number; ticket: number; headers: Readonly<Record<string, string>> }
  | { type: 'refused'; id: number; error: RefusalWire }
  /** Start-up finished (every listener is up): `/readyz` may answer ready. */
  | { type: 'ready' }
  /** Reload governance from the store now, answer `reloaded`. */
  | { type: 'reload'; id: number }
  /** Stop accepting, finish in-flight requests (up to `graceMs`), send everything, answer `drained`. */
  | { type: 'drain'; graceMs: number };

/** The envelope of one IPC message in either direction. */
export interface ClusterBatch<Item> {
  portico: Item[];
}

/** True for a message sent by this module's peer (other IPC traffic is ignored). */
export function isClusterBatch<Item>(message: unknown): message is ClusterBatch<Item> {
  return (
    typeof message === 'object' &&
    message !== null &&
    Array.isArray((message as { portico?: unknown }).portico)
  );
}
