import { Agent, request, type Dispatcher } from 'undici';
import type { UpstreamTimeouts } from '../config/portico-config.js';
import type { UpstreamRequest } from '../providers/provider.js';
import { transportFailure } from './upstream-failure.js';

/** A started upstream call: status and headers are in; the body is still arriving. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** Stops the total-timeout timer; call once the body is fully read or abandoned. */
  finish(): void;
  /** True once the total timeout has fired. */
  timedOut(): boolean;
}

/**
 * The only code that opens connections to providers: one keep-alive undici Agent per provider,
 * with its connect timeout; per-call header, idle and total timeouts; aborts on client disconnect.
 */
export class UpstreamClient {
  private readonly agents = new Map<string, Agent>();

  /** Starts a call; throws GatewayError (unavailable / timeout) when no response headers arrive. */
  async call(
    providerId: string,
    upstreamRequest: UpstreamRequest,
    timeouts: UpstreamTimeouts,
    clientSignal: AbortSignal,
  ): Promise<UpstreamResponse> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeouts.totalMs);
    const onClientAbort = (): void => controller.abort();
    clientSignal.addEventListener('abort', onClientAbort, { once: true });
    const finish = (): void => {
      clearTimeout(timer);
      clientSignal.removeEventListener('abort', onClientAbort);
    };
    try {
      const response = await request(upstreamRequest.url, {
        dispatcher: this.agentFor(providerId, timeouts.connectMs),
        method: upstreamRequest.method,
        headers: upstreamRequest.headers,
        body: upstreamRequest.body ?? null,
        headersTimeout: timeouts.firstByteMs,
        bodyTimeout: timeouts.idleMs,
        signal: controller.signal,
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        finish,
        timedOut: () => timedOut,
      };
    } catch (error) {
      finish();
      throw transportFailure(error, providerId, timedOut);
    }
  }

  /** Closes every pooled connection (at shutdown, after in-flight calls are done). */
  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.close()));
    this.agents.clear();
  }

  private agentFor(providerId: string, connectMs: number): Agent {
    let agent = this.agents.get(providerId);
    if (agent === undefined) {
      agent = new Agent({
        connect: { timeout: connectMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
      });
      this.agents.set(providerId, agent);
    }
    return agent;
  }
}
