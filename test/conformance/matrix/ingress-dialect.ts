import type { ChatRequest, ChatResponse, JsonObject, ResponseFormat, Usage } from '../../../src/core/chat.js';

/** The ingress dialects the matrix drives; `openai-chat` is covered by providers.test.ts. */
export type IngressName = 'anthropic-messages' | 'gemini' | 'openai-responses';

/** What a dialect's wire format can say; the portability rule (non-portable-reason.ts) reads it. */
export interface IngressCapabilities {
  /** Choices one answer can hold: 1 where the format has no `n`. */
  maxChoices: number;
  /** Whether token log probabilities can be asked for and come back. */
  logprobs: boolean;
  /** The `response_format` types the request can express. */
  responseFormats: ReadonlySet<ResponseFormat['type']>;
  /**
   * Whether a tool call's id comes back as the provider gave it (Anthropic `tool_use.id`, Gemini
   * `functionCall.id`, Responses `call_id`): clients send it back with the call's result.
   */
  toolCallIds: boolean;
  /** The highest `temperature` the dialect accepts. */
  maxTemperature: number;
  /** Usage counters the answer carries (others are not compared). */
  usage: ReadonlySet<keyof Usage>;
}

/** The HTTP call a client of the dialect makes. */
export interface IngressCall {
  /** Path and query on the gateway. */
  path: string;
  headers: Record<string, string>;
  /** Serialized as JSON. */
  body: object;
}

/** An answer read back from the dialect's wire format into the canonical model. */
export interface DecodedAnswer {
  response: ChatResponse;
  /**
   * The first choice's finish reason exactly as the dialect wrote it (`end_turn`, `STOP`,
   * `incomplete/max_output_tokens`), checked against finish-reason-table.ts.
   */
  wireFinishReason: string | undefined;
}

/** The error a client of the dialect must see, from the fixture's OpenAI expectation. */
export interface ExpectedError {
  status: number;
  /** The gateway's error code, e.g. `rate_limit_exceeded`. */
  code?: string;
  /** Deep subset of the OpenAI `error` object, including `provider_error`. */
  openAi: JsonObject;
}

/**
 * One ingress dialect as a client sees it: how it asks (built from the canonical request with
 * the gateway's own encoders where they exist) and how it reads answers (with the gateway's own
 * decoders where they exist), checking that each answer is well-formed in the dialect.
 */
export interface IngressDialect {
  readonly name: IngressName;
  readonly capabilities: IngressCapabilities;
  /** The client's request for a canonical request whose model is the route name. */
  buildCall(request: ChatRequest): IngressCall;
  /** Reads a whole answer; fails the test when it is not in the dialect's shape. */
  readJson(body: unknown, request: ChatRequest): DecodedAnswer;
  /** Reads an event stream; fails the test when it is not well-formed in the dialect. */
  readStream(text: string, request: ChatRequest): DecodedAnswer;
  /** Checks an error body is in the dialect's own error shape and says what the fixture expects. */
  checkError(body: unknown, expected: ExpectedError): void;
}
