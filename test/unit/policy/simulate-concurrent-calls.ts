import { GatewayError } from '../../../src/core/gateway-error.js';
import type { PolicyEngine } from '../../../src/policy/policy-engine.js';
import type { AdmitRequest } from '../../../src/policy/policy-rules.js';

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulationOptions {
  engine: PolicyEngine;
  calls: number;
  request: AdmitRequest;
  nowMs: number;
  random: () => number;
  /** Actual usage of an admitted call, given a uniform random number. */
  actual: (random: number) => { tokens: number; costUsd: number };
}

export interface SimulationResult {
  admitted: number;
  refused: number;
  refusalCodes: Set<string>;
  totalTokens: number;
  totalCostUsd: number;
  maxInFlight: number;
  /** Σ max(0, actual − reserved) over the calls in flight when the last call was admitted (itself included). */
  excessTokensAtLastAdmission: number;
  excessCostAtLastAdmission: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `calls` simulated gateway calls at once: random wait, admit, random latency, settle. */
export async function simulateConcurrentCalls(options: SimulationOptions): Promise<SimulationResult> {
  const { engine, request, nowMs, random } = options;
  const inFlight = new Set<number>();
  const actuals: Array<{ tokens: number; costUsd: number }> = [];
  let lastAdmissionInFlight: number[] = [];
  const result: SimulationResult = {
    admitted: 0,
    refused: 0,
    refusalCodes: new Set(),
    totalTokens: 0,
    totalCostUsd: 0,
    maxInFlight: 0,
    excessTokensAtLastAdmission: 0,
    excessCostAtLastAdmission: 0,
  };
  await Promise.all(
    Array.from({ length: options.calls }, async (_, call) => {
      await sleep(random() * 20);
      let admission;
      try {
        admission = engine.admit(request, nowMs);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        result.refused++;
        result.refusalCodes.add(error.code);
        return;
      }
      result.admitted++;
      inFlight.add(call);
      result.maxInFlight = Math.max(result.maxInFlight, inFlight.size);
      lastAdmissionInFlight = [...inFlight];
      const actual = options.actual(random());
      actuals[call] = actual;
      try {
        await sleep(random() * 20);
      } finally {
        inFlight.delete(call);
        result.totalTokens += actual.tokens;
        result.totalCostUsd += actual.costUsd;
        engine.settle(admission, actual);
      }
    }),
  );
  for (const call of lastAdmissionInFlight) {
    const actual = actuals[call]!;
    result.excessTokensAtLastAdmission += Math.max(0, actual.tokens - request.estimatedTokens);
    result.excessCostAtLastAdmission += Math.max(0, actual.costUsd - request.maxCostUsd);
  }
  return result;
}
