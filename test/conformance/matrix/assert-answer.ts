import { expect } from 'vitest';
import type { Usage } from '../../../src/core/chat.js';
import { parseArguments, type ExpectedAnswer } from './expected-answer.js';
import { finishReasonTable } from './finish-reason-table.js';
import type { DecodedAnswer, IngressDialect } from './ingress-dialect.js';

type Answer = Extract<ExpectedAnswer, { kind: 'answer' }>;

/**
 * Checks an answer read back from a dialect against the fixture's expectations: model, text,
 * reasoning, tool calls (names, parsed arguments, and ids where the dialect carries them back;
 * ids are always set and distinct), the finish reason (as written on the wire and as read back),
 * log probabilities where the dialect carries them, and the usage counters the dialect carries.
 */
export function assertAnswer(dialect: IngressDialect, decoded: DecodedAnswer, expected: Answer): void {
  const { response, wireFinishReason } = decoded;
  if (expected.model !== undefined) expect(response.model, 'model').toBe(expected.model);
  expect(response.choices, 'choices').toHaveLength(expected.choices.length);
  expected.choices.forEach((wanted, index) => {
    const actual = response.choices[index];
    const at = `choices[${index}]`;
    if (actual === undefined) return; // the length check above already failed
    if (wanted.text !== undefined)
      expect(actual.text === '' ? null : actual.text, `${at} text`).toBe(wanted.text);
    if (wanted.reasoning !== undefined) {
      const reasoning = actual.reasoning.map((part) => part.text).join('');
      expect(reasoning, `${at} reasoning`).toBe(wanted.reasoning);
    }
    if (wanted.toolCalls !== undefined) {
      const calls = actual.toolCalls.map((call) => ({
        id: call.id,
        name: call.name,
        arguments: parseArguments(call.arguments),
      }));
      const compared = dialect.capabilities.toolCallIds
        ? wanted.toolCalls
        : wanted.toolCalls.map(({ id: _id, ...call }) => call);
      expect(calls, `${at} tool calls`).toMatchObject(compared);
      const ids = actual.toolCalls.map((call) => call.id);
      expect(
        ids.every((id) => id !== ''),
        `${at} tool call ids are set: ${ids.join(', ')}`,
      ).toBe(true);
      expect(new Set(ids).size, `${at} tool call ids are distinct: ${ids.join(', ')}`).toBe(ids.length);
    }
    if (wanted.finishReason !== undefined) {
      expect(actual.finishReason, `${at} finish reason read back`).toBe(wanted.finishReason);
      if (index === 0) {
        expect(
          finishReasonTable[wanted.finishReason][dialect.name],
          `${at} finish reason on the wire`,
        ).toContain(wireFinishReason);
      }
    }
    if (wanted.logprobs !== undefined && dialect.capabilities.logprobs)
      expect(actual.logprobs, `${at} logprobs`).toMatchObject(wanted.logprobs);
  });
  const usage: Partial<Usage> = {};
  for (const [field, value] of Object.entries(expected.usage) as [keyof Usage, number][]) {
    if (dialect.capabilities.usage.has(field)) usage[field] = value;
  }
  if (Object.keys(usage).length > 0) expect(response.usage, 'usage').toMatchObject(usage);
}
