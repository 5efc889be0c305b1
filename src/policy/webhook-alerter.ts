import { request, type Dispatcher } from 'undici';
import type { BudgetAlert, BudgetAlerter } from './spend-ports.js';

/** Logs a failure with structured fields (e.g. a pino logger's `warn` bound to it). */
export type AlertLog = (message: string, fields: Record<string, unknown>) => void;

export interface WebhookAlerterOptions {
  log: AlertLog;
  /** Ms before one attempt is abandoned; default 5000. */
  timeoutMs?: number;
  /** Attempts in all; default 3. */
  attempts?: number;
  /** Wait before the second attempt, doubled for each next one; default 500 ms. */
  backoffMs?: number;
  /** undici dispatcher (tests, proxies); absent: the global one. */
  dispatcher?: Dispatcher;
}

/**
 * A BudgetAlerter that POSTs the alert as JSON to the budget's webhook, off the request path:
 * `softThresholdReached` returns at once, retries with backoff, and only ever logs failures.
 */
export class WebhookAlerter implements BudgetAlerter {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: WebhookAlerterOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
  }

  softThresholdReached(alert: BudgetAlert): void {
    if (alert.webhookUrl === undefined) return;
    const delivery = this.deliver(alert.webhookUrl, alert).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves when every alert sent so far is delivered or given up (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async deliver(url: string, alert: BudgetAlert): Promise<void> {
    const body = JSON.stringify({ type: 'budget.soft_threshold_reached', ...alert, webhookUrl: undefined });
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
          ...(this.options.dispatcher === undefined ? {} : { dispatcher: this.options.dispatcher }),
        });
        await response.body.dump();
        if (response.statusCode < 300) return;
        this.failed(url, alert, attempt, `status ${response.statusCode}`);
      } catch (error) {
        this.failed(url, alert, attempt, error instanceof Error ? error.message : String(error));
      }
      if (attempt < this.attempts) await sleep(this.backoffMs * 2 ** (attempt - 1));
    }
  }

  private failed(url: string, alert: BudgetAlert, attempt: number, reason: string): void {
    try {
      this.options.log(
        `Budget alert webhook failed: POST ${url} (attempt ${attempt} of ${this.attempts}): ${reason}`,
        {
          url,
          attempt,
          scope: alert.scope,
          scopeId: alert.scopeId,
          period: alert.period,
        },
      );
    } catch {
      // A broken logger must not turn an alert into an unhandled rejection.
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
