import type { AbortWatch } from '../../core/client-signal.js';
import { GatewayError } from '../../core/gateway-error.js';

/**
 * The abort signal of one whole exchange (every attempt and the reply's body): fires when the
 * client leaves or when `total_ms` runs out, with a GatewayError as its reason so a body stream
 * cut by it errors with the right code.
 */
export class ExchangeControl {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onClientAbort = (): void => {
    this.controller.abort(new GatewayError('client_closed'));
  };

  constructor(
    private readonly clientSignal: AbortWatch,
    totalMs: number | undefined,
    serviceName: string,
  ) {
    if (clientSignal.aborted) this.onClientAbort();
    else clientSignal.addEventListener('abort', this.onClientAbort, { once: true });
    if (totalMs !== undefined) {
      this.timer = setTimeout(() => {
        this.controller.abort(
          new GatewayError(
            'upstream_timeout',
            `The upstream of service "${serviceName}" did not finish within ${String(totalMs)} ms.`,
          ),
        );
      }, totalMs);
      this.timer.unref();
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The GatewayError the exchange was aborted with, if it was. */
  get abortError(): GatewayError | undefined {
    const reason: unknown = this.controller.signal.reason;
    return this.controller.signal.aborted && reason instanceof GatewayError ? reason : undefined;
  }

  /** The exchange is over: stop the total timer and stop listening to the client. */
  finish(): void {
    clearTimeout(this.timer);
    this.clientSignal.removeEventListener('abort', this.onClientAbort);
  }
}
