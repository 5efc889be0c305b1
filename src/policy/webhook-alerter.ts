import { Agent, request } from 'undici';
import type { BudgetAlert, BudgetAlerter } from './spend-ports.js';
import { WebhookTargetPolicy, WebhookTargetRefused } from './webhook-target-policy.js';

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
  /** Which targets may be reached; absent: public addresses only. */
  targets?: WebhookTargetPolicy;
  /** Waits out a backoff; default a real (unref'd) timer. Tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A BudgetAlerter that POSTs the alert as JSON to the budget's webhook, off the request path:
 * `softThresholdReached` returns at once, retries with backoff, and only ever logs failures.
 * Each send checks the target again (DNS may have changed since it was set) and connects to the
 * address it checked; redirects are never followed.
 */
export class WebhookAlerter implements BudgetAlerter {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly targets: WebhookTargetPolicy;
  private readonly agent: Agent;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookAlerterOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.targets = options.targets ?? new WebhookTargetPolicy();
    this.sleep = options.sleep ?? sleep;
    // The policy's lookup resolves and checks in one step: the socket goes to the address checked.
    this.agent = new Agent({
      connect: { lookup: this.targets.lookup, timeout: this.timeoutMs },
      keepAliveTimeout: 1000,
    });
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
    const refused = this.targets.urlProblem(url);
    if (refused !== undefined) return this.failed(url, alert, 1, `refused: ${refused}`);
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
          dispatcher: this.agent,
        });
        await response.body.dump();
        if (response.statusCode < 300) return;
        if (response.statusCode < 400) {
          // A redirect could point anywhere, the admin port included: it is never followed.
          return this.failed(
            url,
            alert,
            attempt,
            `status ${response.statusCode}: redirects are not followed`,
          );
        }
        this.failed(url, alert, attempt, `status ${response.statusCode}`);
      } catch (error) {
        const targetRefused = refusal(error);
        if (targetRefused !== undefined) return this.failed(url, alert, attempt, `refused: ${targetRefused}`);
        this.failed(url, alert, attempt, error instanceof Error ? error.message : String(error));
      }
      if (attempt < this.attempts) await this.sleep(this.backoffMs * 2 ** (attempt - 1));
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

/** The refusal behind a failed send (undici may wrap the connect error), if that is what it was. */
function refusal(error: unknown): string | undefined {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof WebhookTargetRefused) return cause.message;
  }
  return undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
