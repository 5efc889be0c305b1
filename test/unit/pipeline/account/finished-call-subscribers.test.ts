import { describe, expect, it } from 'vitest';
import { accountInPrimary, accountInProcess } from '../../../../src/pipeline/account/account-subscribers.js';
import type { CallAccountant } from '../../../../src/pipeline/account/call-accountant.js';
import type { FinishedCall } from '../../../../src/pipeline/account/finished-call.js';
import { Admission } from '../../../../src/policy/admission.js';
import type { CallRecord } from '../../../../src/telemetry/call-log/call-record.js';
import { receivedContext } from '../pipeline-fixtures.js';

/** A call that finished: answered 200 by `up`, with usage and cost. */
function finishedCall(): FinishedCall {
  return receivedContext({
    routeName: 'chat',
    status: 200,
    usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
    costUsd: 0.25,
    attempts: [{ provider: 'up', model: 'gpt-4o-mini', status: 200, durationMs: 4 }],
    admission: Admission.none,
    admissionTicket: 7,
  });
}

describe('the account phase: subscribers of the finished call', () => {
  it('books the call in this process with its admission', () => {
    const booked: [CallRecord, Admission | undefined][] = [];
    const accountant = {
      finish: (record: CallRecord, admission?: Admission) => booked.push([record, admission]),
    };
    accountInProcess(accountant as unknown as CallAccountant)(finishedCall());
    expect(booked).toHaveLength(1);
    expect(booked[0]?.[0]).toMatchObject({
      requestId: 'req-1',
      route: 'chat',
      provider: 'up',
      status: 200,
      inputTokens: 3,
      outputTokens: 2,
      costUsd: 0.25,
      attempts: 1,
    });
    expect(booked[0]?.[1]).toBe(Admission.none);
  });

  it('in a cluster worker, sends the record to the primary with its admission ticket', () => {
    const sent: [CallRecord, number | undefined][] = [];
    accountInPrimary({ finish: (record, ticket) => sent.push([record, ticket]) })(finishedCall());
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0].requestId).toBe('req-1');
    expect(sent[0]?.[1]).toBe(7);
  });
});
