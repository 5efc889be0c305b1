import type { CallRecord } from '../../telemetry/call-log/call-record.js';
import { toCallRecord } from './to-call-record.js';
import type { CallAccountant } from './call-accountant.js';
import type { CallSubscriber } from './finished-call.js';

/** The account phase in a single process: the CallAccountant books the call here. */
export function accountInProcess(accountant: CallAccountant): CallSubscriber {
  return (call) => accountant.finish(toCallRecord(call), call.admission);
}

/**
 * The account phase in a cluster worker: the call's record goes to the primary, whose
 * CallAccountant settles the admission it holds (by ticket), so counters stay exact across workers.
 */
export function accountInPrimary(primary: {
  finish(record: CallRecord, ticket: number | undefined): void;
}): CallSubscriber {
  return (call) => primary.finish(toCallRecord(call), call.admissionTicket);
}
