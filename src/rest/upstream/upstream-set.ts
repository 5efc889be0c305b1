import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { HttpUpstreamSpec } from '../../config/http-service-schema.js';
import type { AbortWatch } from '../../core/client-signal.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { AttemptFailure } from './attempt-failure.js';
import { ActiveHealthChecker } from './active-health-checker.js';
import type { Balancer } from './balancer.js';
import { createBalancer } from './create-balancer.js';
import { ExchangeControl } from './exchange-control.js';
import { failureError } from './failure-error.js';
import { ReplayableBody } from './replayable-body.js';
import { mayRetry } from './retry-policy.js';
import { tlsConnectOptions, type TlsConnectOptions } from './tls-connect-options.js';
import { sendAttempt, type AttemptAnswer } from './send-attempt.js';
import { UpstreamNode } from './upstream-node.js';
import { resolveUpstreamSettings, upstreamDefaults, type UpstreamSettings } from './upstream-settings.js';

/** One request to send to the service's upstream, already routed and transformed by the caller. */
export interface UpstreamCall {
  /** HTTP method, upper case. */
  method: string;
  /** Path (already transformed, starts with '/') and '?query' to append to the node URL's own path prefix. */
  pathAndQuery: string;
  /**
   * Request headers to send, already filtered and edited by the caller (no hop-by-hop). Without a
   * `host` header the set sends the node's host:port; a `host` the caller includes is kept
   * (that is how the caller preserves the client's Host).
   */
  headers: Record<string, string | string[]>;
  /**
   * The client's request body as a stream, or null when there is none. A Buffer only when the
   * gateway had to read it whole (a JSON body checked by `validate_requests`); it can be resent.
   */
  body: Readable | Buffer | null;
  /** consistent-hash input the caller computed from `hash_on`; absent: the balancer's own order. */
  hashKey?: string;
  /** Aborts when the client left; the upstream request is cancelled. */
  signal: AbortWatch;
}

/** One try at one node, in the order they happened. */
export interface ProxyAttempt {
  /** The node URL tried. */
  node: string;
  /** HTTP status the node answered with; absent when it did not answer. */
  status?: number;
  /** Why the attempt got no answer: a failure kind and code, e.g. `refused (ECONNREFUSED)`. */
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
  /** Streamed, not buffered; `total_ms` still applies while it flows (it errors with upstream_timeout). */
  body: Readable;
  /** Every attempt; retries = attempts.length - 1. */
  attempts: ProxyAttempt[];
}

/** A node chosen for a connection the caller makes itself (WebSocket upgrades). */
export interface PickedNode {
  url: string;
  /** Report how the connection went (once): frees its in-flight slot and feeds passive health. */
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

/**
 * The upstream nodes of one REST service: balancing, active and passive health, keep-alive pools,
 * timeouts and safe retries. Behaviour and defaults: docs/rest-services.md, "Upstreams".
 */
export class UpstreamSet {
  private readonly settings: UpstreamSettings;
  private readonly nodes: UpstreamNode[];
  private readonly balancer: Balancer<UpstreamNode>;
  private readonly checker: ActiveHealthChecker | undefined;
  /** The nodes' TLS options (a `ca` added to the system roots); WebSocket handshakes use them too. */
  readonly tls: TlsConnectOptions;

  constructor(
    spec: HttpUpstreamSpec,
    private readonly options: UpstreamSetOptions,
  ) {
    this.settings = resolveUpstreamSettings(spec);
    const onHealthChange = (node: UpstreamNode): void => {
      try {
        this.options.onNodeChange?.(nodeStatus(node));
      } catch {
        // A listener's bug must not stop health checks or fail the call that noticed the change.
      }
    };
    const tls = tlsConnectOptions(this.settings.tls);
    this.tls = tls;
    this.nodes = spec.nodes.map(
      (node) => new UpstreamNode(node, this.settings, tls, upstreamDefaults.weight, onHealthChange),
    );
    this.balancer = createBalancer(spec.balance, this.nodes);
    this.checker =
      this.settings.active === undefined
        ? undefined
        : new ActiveHealthChecker(this.nodes, this.settings.active);
  }

  /** Sends the call to a healthy node, retrying where safe; throws GatewayError. */
  async send(call: UpstreamCall): Promise<UpstreamReply> {
    const exchange = new ExchangeControl(call.signal, this.settings.totalMs, this.options.serviceName);
    const body = new ReplayableBody(call.body);
    const attempts: ProxyAttempt[] = [];
    const tried = new Set<UpstreamNode>();
    for (;;) {
      const node = this.choose(call.hashKey, tried);
      if (node === undefined) {
        exchange.finish();
        throw this.unavailable();
      }
      tried.add(node);
      node.active += 1;
      const started = performance.now();
      const result = await sendAttempt(node, {
        method: call.method,
        pathAndQuery: call.pathAndQuery,
        headers: call.headers,
        body: body.forAttempt(),
        signal: exchange.signal,
        abortError: () => exchange.abortError,
      });
      const durationMs = Math.round(performance.now() - started);
      if ('answer' in result) {
        const { answer } = result;
        attempts.push({ node: node.url, status: answer.statusCode, durationMs });
        node.health.recordOutcome(answer.statusCode < 500);
        if (
          this.mayTryAgain(attempts) &&
          mayRetry(call.method, { status: answer.statusCode }, body.consumed)
        ) {
          this.release(node, answer, undefined);
          answer.body.dump().catch(() => undefined);
          await this.backoff(exchange);
          continue;
        }
        this.release(node, answer, exchange);
        return {
          node: node.url,
          statusCode: answer.statusCode,
          headers: answer.headers,
          body: answer.body,
          attempts,
        };
      }
      node.active -= 1;
      attempts.push({ node: node.url, error: `${result.failure} (${result.code ?? 'no code'})`, durationMs });
      if (nodeAtFault(result.failure)) {
        node.health.recordOutcome(false);
      }
      if (this.mayTryAgain(attempts) && mayRetry(call.method, result, body.consumed)) {
        await this.backoff(exchange);
        continue;
      }
      exchange.finish();
      throw failureError(result.failure, result.code, this.options.serviceName, this.settings);
    }
  }

  /** Picks a healthy node; throws GatewayError('upstream_unavailable') when there is none. */
  pick(hashKey?: string): PickedNode {
    const node = this.choose(hashKey, new Set());
    if (node === undefined) throw this.unavailable();
    node.active += 1;
    let reported = false;
    return {
      url: node.url,
      done: (outcome) => {
        if (reported) return;
        reported = true;
        node.active -= 1;
        node.health.recordOutcome(outcome === 'ok');
      },
    };
  }

  status(): NodeStatus[] {
    return this.nodes.map(nodeStatus);
  }

  /** Stops health timers and closes the pools (resolves once in-flight exchanges have ended). */
  async close(): Promise<void> {
    this.checker?.stop();
    for (const node of this.nodes) node.health.close();
    await Promise.all(this.nodes.map((node) => node.pool.close()));
  }

  /** A healthy node not tried yet, else any healthy node (a retry may reuse the only one). */
  private choose(hashKey: string | undefined, tried: ReadonlySet<UpstreamNode>): UpstreamNode | undefined {
    const healthy = this.nodes.filter((node) => node.weight > 0 && node.health.healthy);
    const fresh = healthy.filter((node) => !tried.has(node));
    return this.balancer.pick(fresh.length > 0 ? fresh : healthy, hashKey);
  }

  /** Retries left and a healthy node to send them to. */
  private mayTryAgain(attempts: readonly ProxyAttempt[]): boolean {
    return (
      attempts.length <= this.settings.retries &&
      this.nodes.some((node) => node.weight > 0 && node.health.healthy)
    );
  }

  private unavailable(): GatewayError {
    return new GatewayError(
      'upstream_unavailable',
      `Service "${this.options.serviceName}" has no healthy upstream node.`,
    );
  }

  /** Frees the node's in-flight slot (and ends the exchange) once the answer's body is done. */
  private release(node: UpstreamNode, answer: AttemptAnswer, exchange: ExchangeControl | undefined): void {
    answer.body.once('close', () => {
      node.active -= 1;
      exchange?.finish();
    });
  }

  /** Waits `backoff_ms` before a retry; throws the exchange's error if it was aborted meanwhile. */
  private async backoff(exchange: ExchangeControl): Promise<void> {
    if (this.settings.backoffMs > 0 && !exchange.signal.aborted) {
      await delay(this.settings.backoffMs, undefined, { signal: exchange.signal }).catch(() => undefined);
    }
    const aborted = exchange.abortError;
    if (aborted !== undefined) {
      exchange.finish();
      throw aborted;
    }
  }
}

/** Failures that count against the node's passive health (not the client's, not ours). */
function nodeAtFault(failure: AttemptFailure): boolean {
  return failure !== 'client_closed' && failure !== 'total_timeout' && failure !== 'unsendable';
}

function nodeStatus(node: UpstreamNode): NodeStatus {
  return { url: node.url, weight: node.weight, healthy: node.health.healthy, active: node.active };
}
