import type { Admission } from '../../policy/admission.js';
import type { PolicyEngine } from '../../policy/policy-engine.js';
import type { SpendAccumulator } from '../../policy/spend-ports.js';
import type { CallRecord } from '../../telemetry/call-log/call-record.js';
import type { GatewayMetrics } from '../../telemetry/metrics/gateway-metrics.js';
import { recordUnbudgetedSpend } from './record-unbudgeted-spend.js';

/**
 * Books a finished call where the counters live: gives back its reservation replaced by what it
 * really used, records its spend, writes its call-log row and counts it in the metrics. Runs in
 * the single process, or in the cluster primary for calls its workers served, so limits,
 * budgets, logs and metrics stay exact with any number of workers.
 */
export class CallAccountant {
  constructor(
    private readonly policy: PolicyEngine,
    private readonly spend: SpendAccumulator,
    private readonly callLog: { record(record: CallRecord): void },
    private readonly metrics: GatewayMetrics,
  ) {}

  /** `worker` is the cluster worker id that served the call (0: single process). */
  finish(record: CallRecord, admission: Admission | undefined, worker = 0): void {
    if (admission !== undefined) {
      this.policy.settle(admission, {
        tokens: record.inputTokens + record.outputTokens,
        costUsd: record.costUsd,
      });
    }
    recordUnbudgetedSpend(this.spend, record, admission?.budgets ?? []);
    this.callLog.record(record);
    this.metrics.observe(record, worker);
  }
}
