import type { FinishReason, JsonObject, JsonValue, Usage } from '../../../src/core/chat.js';
import { isJsonObject } from '../../../src/core/json-guards.js';
import type { ProviderFixture } from '../fixture.js';
import type { ExpectedError } from './ingress-dialect.js';

/** What one choice must hold; an absent field is not checked, as in the fixture's deep subset. */
export interface ExpectedChoice {
  /** `null` means no text at all. */
  text?: string | null;
  reasoning?: string;
  /** In order; arguments parsed, so that formatting does not matter. */
  toolCalls?: ExpectedToolCall[];
  finishReason?: FinishReason;
  /** Deep subset of the OpenAI-shaped `logprobs` object. */
  logprobs?: JsonObject;
}

/** A tool call as far as the fixture names it. */
export interface ExpectedToolCall {
  id?: string;
  name?: string;
  arguments?: JsonValue;
}

/** The fixture's expectations in canonical terms, whatever the dialect. */
export type ExpectedAnswer =
  | { kind: 'error'; error: ExpectedError }
  | {
      kind: 'answer';
      /** The upstream model the answer names, when the fixture says. */
      model?: string;
      choices: ExpectedChoice[];
      usage: Partial<Usage>;
    };

/**
 * Reads `expect.body` (a whole answer or an error) or `expect.assembled` (a stream folded into
 * one message) of a fixture, both written in OpenAI's format, into canonical expectations.
 */
export function expectedAnswer(fixture: ProviderFixture): ExpectedAnswer {
  const { status, body, assembled } = fixture.expect;
  if (status >= 400) {
    const error = isJsonObject(body?.['error']) ? body['error'] : {};
    const code = error['code'];
    return { kind: 'error', error: { status, openAi: error, ...(typeof code === 'string' ? { code } : {}) } };
  }
  if (assembled !== undefined) {
    const choice: ExpectedChoice = {};
    if (assembled.content !== undefined) choice.text = emptyAsNull(assembled.content);
    if (assembled.reasoning !== undefined) choice.reasoning = assembled.reasoning;
    if (assembled.toolCalls !== undefined) choice.toolCalls = assembled.toolCalls.map(expectedCall);
    if (assembled.finishReason !== undefined) choice.finishReason = assembled.finishReason as FinishReason;
    return { kind: 'answer', choices: [choice], usage: expectedUsage(assembled.usage) };
  }
  const model = body?.['model'];
  const choices = Array.isArray(body?.['choices']) ? body['choices'] : [];
  return {
    kind: 'answer',
    ...(typeof model === 'string' ? { model } : {}),
    choices: choices.map((choice) => expectedChoice(isJsonObject(choice) ? choice : {})),
    usage: expectedUsage(isJsonObject(body?.['usage']) ? body['usage'] : undefined),
  };
}

function expectedChoice(choice: JsonObject): ExpectedChoice {
  const expected: ExpectedChoice = {};
  const message = isJsonObject(choice['message']) ? choice['message'] : {};
  const content = message['content'];
  if (content === null || typeof content === 'string') expected.text = emptyAsNull(content);
  const reasoning = message['reasoning_content'];
  if (typeof reasoning === 'string') expected.reasoning = reasoning;
  const calls = message['tool_calls'];
  if (Array.isArray(calls)) {
    expected.toolCalls = calls.map((call) => {
      const fn = isJsonObject(call) && isJsonObject(call['function']) ? call['function'] : {};
      const id = isJsonObject(call) ? call['id'] : undefined;
      return expectedCall({
        ...(typeof id === 'string' ? { id } : {}),
        ...(typeof fn['name'] === 'string' ? { name: fn['name'] } : {}),
        ...(typeof fn['arguments'] === 'string' ? { arguments: fn['arguments'] } : {}),
      });
    });
  }
  const finish = choice['finish_reason'];
  if (typeof finish === 'string') expected.finishReason = finish as FinishReason;
  if (isJsonObject(choice['logprobs'])) expected.logprobs = choice['logprobs'];
  return expected;
}

function expectedCall(call: { id?: string; name?: string; arguments?: string }): ExpectedToolCall {
  return {
    ...(call.id === undefined ? {} : { id: call.id }),
    ...(call.name === undefined ? {} : { name: call.name }),
    ...(call.arguments === undefined ? {} : { arguments: parseArguments(call.arguments) }),
  };
}

/** Tool arguments as a JSON value, so `{"a": 1}` and `{"a":1}` compare equal; `''` is `{}`. */
export function parseArguments(text: string): JsonValue {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text; // not JSON: compared as written
  }
}

/** OpenAI usage fields → canonical counters, only those the fixture names. */
function expectedUsage(usage: JsonObject | undefined): Partial<Usage> {
  if (usage === undefined) return {};
  const expected: Partial<Usage> = {};
  const prompt = isJsonObject(usage['prompt_tokens_details']) ? usage['prompt_tokens_details'] : {};
  const completion = isJsonObject(usage['completion_tokens_details'])
    ? usage['completion_tokens_details']
    : {};
  const fields: [keyof Usage, JsonValue | undefined][] = [
    ['inputTokens', usage['prompt_tokens']],
    ['outputTokens', usage['completion_tokens']],
    ['totalTokens', usage['total_tokens']],
    ['cachedInputTokens', prompt['cached_tokens']],
    ['cacheWriteTokens', prompt['cache_creation_tokens']],
    ['reasoningTokens', completion['reasoning_tokens']],
  ];
  for (const [field, value] of fields) if (typeof value === 'number') expected[field] = value;
  return expected;
}

function emptyAsNull(text: string | null): string | null {
  return text === '' ? null : text;
}
