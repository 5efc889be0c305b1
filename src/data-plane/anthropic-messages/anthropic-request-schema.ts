import Type from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { maxUserIdLength } from '../../core/check-model-name.js';

/** What the block check needs from a compiled schema. */
export type BlockValidator = Pick<Validator, 'Check' | 'Errors' | 'Type'>;

// Only what the gateway must understand is checked; unknown fields and block types pass on to
// Anthropic upstreams untouched, as Anthropic adds features (server tools, document blocks,
// `container`, `context_management`) faster than any gateway. https://docs.anthropic.com/en/api/messages
const cacheControl = Type.Optional(
  Type.Union([Type.Object({ type: Type.String(), ttl: Type.Optional(Type.String()) }), Type.Null()]),
);

/** Any content block: its `type` decides which of the block schemas below applies. */
const anyBlock = Type.Object({ type: Type.String({ minLength: 1 }) });

/** `text` blocks, the only kind allowed in `system`. */
const textBlockSchema = Type.Object({
  type: Type.Literal('text'),
  text: Type.String(),
  cache_control: cacheControl,
});

const message = Type.Object({
  // `system` turns are accepted as newer SDKs send them; they stay system messages where they stand.
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant'), Type.Literal('system')]),
  content: Type.Union([Type.String(), Type.Array(anyBlock)]),
});

const tool = Type.Object({
  name: Type.String({ minLength: 1 }),
  /** `custom` or absent for client tools; a dated type (`web_search_20250305`) for Anthropic-defined tools. */
  type: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  input_schema: Type.Optional(Type.Object({})),
});

// One object rather than a union per type, so a mistake is reported at the field that is wrong.
const toolChoice = Type.Object({
  type: Type.Union([Type.Literal('auto'), Type.Literal('any'), Type.Literal('tool'), Type.Literal('none')]),
  /** The tool to call; required with `type: tool`. */
  name: Type.Optional(Type.String({ minLength: 1 })),
  disable_parallel_tool_use: Type.Optional(Type.Boolean()),
});

const thinking = Type.Object({
  type: Type.String(),
  budget_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** Fields shared by `POST /v1/messages` and `POST /v1/messages/count_tokens`. */
const conversationFields = {
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(message, { minItems: 1 }),
  system: Type.Optional(Type.Union([Type.String(), Type.Array(textBlockSchema)])),
  tools: Type.Optional(Type.Array(tool)),
  tool_choice: Type.Optional(toolChoice),
  thinking: Type.Optional(thinking),
};

/** The Anthropic Messages request, as far as the gateway reads it. */
export const messagesRequestSchema = Type.Object({
  ...conversationFields,
  max_tokens: Type.Integer({ minimum: 1 }),
  stream: Type.Optional(Type.Boolean()),
  stop_sequences: Type.Optional(Type.Array(Type.String())),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  top_k: Type.Optional(Type.Integer({ minimum: 0 })),
  metadata: Type.Optional(
    Type.Object({
      user_id: Type.Optional(Type.Union([Type.String({ maxLength: maxUserIdLength }), Type.Null()])),
    }),
  ),
});

/** The token-counting request: the conversation without generation settings. */
export const countTokensRequestSchema = Type.Object(conversationFields);

/** A validated `POST /v1/messages` body; blocks are only known to have a `type`. */
export type AnthropicMessagesRequest = Type.Static<typeof messagesRequestSchema>;
/** A validated `POST /v1/messages/count_tokens` body. */
export type AnthropicCountTokensRequest = Type.Static<typeof countTokensRequestSchema>;
/** One entry of `messages`. */
export type AnthropicWireMessage = Type.Static<typeof message>;
/** One entry of `tools`: a client tool or an Anthropic-defined one. */
export type AnthropicWireTool = Type.Static<typeof tool>;
/** The `tool_choice` field. */
export type AnthropicWireToolChoice = Type.Static<typeof toolChoice>;

/** Compiled once at load; checking is on the request path. */
export const messagesRequestValidator = Compile(messagesRequestSchema);
export const countTokensRequestValidator = Compile(countTokensRequestSchema);

/**
 * Schemas of the block types the gateway translates, checked wherever such a block appears so
 * that a malformed one is refused before it costs an upstream call. Other types are not checked.
 */
export const blockValidators: ReadonlyMap<string, BlockValidator> = new Map<string, BlockValidator>([
  ['text', Compile(textBlockSchema)],
  [
    'image',
    Compile(
      Type.Object({
        type: Type.Literal('image'),
        source: Type.Object({ type: Type.String({ minLength: 1 }) }),
        cache_control: cacheControl,
      }),
    ),
  ],
  [
    'tool_use',
    Compile(
      Type.Object({
        type: Type.Literal('tool_use'),
        id: Type.String({ minLength: 1 }),
        name: Type.String({ minLength: 1 }),
        input: Type.Object({}),
      }),
    ),
  ],
  [
    'tool_result',
    Compile(
      Type.Object({
        type: Type.Literal('tool_result'),
        tool_use_id: Type.String({ minLength: 1 }),
        content: Type.Optional(Type.Union([Type.String(), Type.Array(anyBlock)])),
        is_error: Type.Optional(Type.Boolean()),
        cache_control: cacheControl,
      }),
    ),
  ],
  [
    'thinking',
    Compile(
      Type.Object({
        type: Type.Literal('thinking'),
        thinking: Type.String(),
        signature: Type.Optional(Type.String()),
      }),
    ),
  ],
  [
    'redacted_thinking',
    Compile(Type.Object({ type: Type.Literal('redacted_thinking'), data: Type.String() })),
  ],
]);
