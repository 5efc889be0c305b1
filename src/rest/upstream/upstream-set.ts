import type { Readable } from 'node:stream';
import type { HttpUpstreamSpec } from '../../config/http-service-schema.js';

/** One request to send to the service's upstream, already routed and transformed by the caller. */
export interface UpstreamCall {
  /** HTTP method, upper case. */
  method: string;
  /** Path (already transformed, starts with '/') and '?query' to append to the node URL's own path prefix. */
  pathAndQuery: string;
  /** Request headers to send, already filtered and edited by the caller (no hop-by-hop, no Host: the set sets Host per node unless `preserveHost`). */
  headers: Record<string, string | string[]>;
  /** The client's request body as a stream (never buffered), or null when there is none. */
  body: Readable | null;
  /** consistent-hash input the caller computed from `hash_on`; absent: the balancer's own order. */
  hashKey?: string;
  /** Aborts when the client left; the upstream request is cancelled. */
  signal: AbortSignal;
}

/** One try at one node, in the order they happened. */
export interface ProxyAttempt {
  /** The node URL tried. */
  node: string;
  /** HTTP status the node answered with; absent when it did not answer. */
  status?: number;
  /** Why the attempt failed without an answer (connect refused, timeout, reset...). */
  error?: string;
  /** Milliseconds from sending to the answer's head (or to the failure). */
  durationMs: number;
}

/** The answer of the node that finally replied. */
export interface UpstreamReply {
  /** The node URL that answered. */
  node: string;
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** Streamed, not buffered; the total timeout still applies while it flows. */
  body: Readable;
  /** Every attempt; retries = attempts.length - 1. */
  attempts: ProxyAttempt[];
}

/** A node chosen for a connection the caller makes itself (WebSocket upgrades). */
export interface PickedNode {
  url: string;
  /** Report how the connection went: counts for least-connections and passive health. */
  done(outcome: 'ok' | 'failed'): void;
}

/** What the set knows about one node right now. */
export interface NodeStatus {
  url: string;
  weight: number;
  healthy: boolean;
  /** Requests in flight on this node. */
  active: number;
}

/** Options of an UpstreamSet. */
export interface UpstreamSetOptions {
  /** Service name, used in error messages. */
  serviceName: string;
  /** Called on every health transition of a node (rest-proxy logs and counts it). */
  onNodeChange?: (status: NodeStatus) => void;
}

/** The upstream nodes of one REST service: balancing, health checks, pools, timeouts, retries. */
export class UpstreamSet {
  constructor(
    private readonly spec: HttpUpstreamSpec,
    private readonly options: UpstreamSetOptions,
  ) {}

  /** Sends the call to a healthy node, retrying where safe; throws GatewayError. */
  send(call: UpstreamCall): Promise<UpstreamReply> {
    return Promise.reject(new Error(`not yet: ${call.method}`));
  }

  /** Picks a healthy node; throws GatewayError('upstream_unavailable') when there is none. */
  pick(hashKey?: string): PickedNode {
    throw new Error(`not yet: ${hashKey ?? ''}`);
  }

  status(): NodeStatus[] {
    throw new Error(`not yet: ${this.options.serviceName} (${String(this.spec.nodes.length)} nodes)`);
  }

  /** Stops health timers and closes the pools. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
