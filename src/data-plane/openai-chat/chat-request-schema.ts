import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { maxUserIdLength } from '../../core/check-model-name.js';

// Only what the gateway must understand is checked; unknown fields pass on to the provider,
// as clients use vendor extensions (e.g. `thinking`, `top_k`) through OpenAI-compatible APIs.
const textPart = Type.Object({ type: Type.Literal('text'), text: Type.String() });
const imagePart = Type.Object({
  type: Type.Literal('image_url'),
  image_url: Type.Object({ url: Type.String({ minLength: 1 }), detail: Type.Optional(Type.String()) }),
});
const otherPart = Type.Object({ type: Type.String() });
const contentParts = Type.Array(Type.Union([textPart, imagePart, otherPart]));
const content = Type.Union([Type.String(), contentParts, Type.Null()]);

const toolCall = Type.Object({
  id: Type.String(),
  type: Type.Optional(Type.Literal('function')),
  function: Type.Object({ name: Type.String(), arguments: Type.String() }),
});

const message = Type.Object({
  role: Type.Union([
    Type.Literal('system'),
    Type.Literal('developer'),
    Type.Literal('user'),
    Type.Literal('assistant'),
    Type.Literal('tool'),
  ]),
  content: Type.Optional(content),
  name: Type.Optional(Type.String()),
  tool_calls: Type.Optional(Type.Array(toolCall)),
  tool_call_id: Type.Optional(Type.String()),
});

const tool = Type.Object({
  type: Type.Literal('function'),
  function: Type.Object({
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    parameters: Type.Optional(Type.Object({})),
    strict: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  }),
});

const toolChoice = Type.Union([
  Type.Literal('auto'),
  Type.Literal('none'),
  Type.Literal('required'),
  Type.Object({ type: Type.Literal('function'), function: Type.Object({ name: Type.String() }) }),
]);

const responseFormat = Type.Union([
  Type.Object({ type: Type.Literal('text') }),
  Type.Object({ type: Type.Literal('json_object') }),
  Type.Object({
    type: Type.Literal('json_schema'),
    json_schema: Type.Object({
      name: Type.String({ minLength: 1 }),
      description: Type.Optional(Type.String()),
      schema: Type.Optional(Type.Object({})),
      strict: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    }),
  }),
]);

const optionalNumber = (options: { minimum?: number; maximum?: number } = {}) =>
  Type.Optional(Type.Union([Type.Number(options), Type.Null()]));
const optionalInteger = (options: { minimum?: number; maximum?: number } = {}) =>
  Type.Optional(Type.Union([Type.Integer(options), Type.Null()]));

/** The OpenAI Chat Completions request, as far as the gateway reads it. */
export const chatRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(message, { minItems: 1 }),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  stream_options: Type.Optional(
    Type.Union([Type.Object({ include_usage: Type.Optional(Type.Boolean()) }), Type.Null()]),
  ),
  tools: Type.Optional(Type.Array(tool)),
  tool_choice: Type.Optional(toolChoice),
  parallel_tool_calls: Type.Optional(Type.Boolean()),
  response_format: Type.Optional(responseFormat),
  max_tokens: optionalInteger({ minimum: 1 }),
  max_completion_tokens: optionalInteger({ minimum: 1 }),
  temperature: optionalNumber({ minimum: 0, maximum: 2 }),
  top_p: optionalNumber({ minimum: 0, maximum: 1 }),
  n: optionalInteger({ minimum: 1, maximum: 128 }),
  stop: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 4 }), Type.Null()])),
  seed: optionalInteger(),
  presence_penalty: optionalNumber({ minimum: -2, maximum: 2 }),
  frequency_penalty: optionalNumber({ minimum: -2, maximum: 2 }),
  logprobs: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  top_logprobs: optionalInteger({ minimum: 0, maximum: 20 }),
  reasoning_effort: Type.Optional(Type.String()),
  user: Type.Optional(Type.String({ maxLength: maxUserIdLength })),
});

export type OpenAiChatRequest = Type.Static<typeof chatRequestSchema>;
export type OpenAiMessage = Type.Static<typeof message>;
export const chatRequestValidator = Compile(chatRequestSchema);

/** The OpenAI Embeddings request. */
export const embeddingsRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  input: Type.Union([
    Type.String(),
    Type.Array(Type.String(), { minItems: 1, maxItems: 2048 }),
    Type.Array(Type.Integer(), { minItems: 1 }),
    Type.Array(Type.Array(Type.Integer(), { minItems: 1 }), { minItems: 1, maxItems: 2048 }),
  ]),
  encoding_format: Type.Optional(Type.Union([Type.Literal('float'), Type.Literal('base64')])),
  dimensions: Type.Optional(Type.Integer({ minimum: 1 })),
  user: Type.Optional(Type.String({ maxLength: maxUserIdLength })),
});

export type OpenAiEmbeddingsRequest = Type.Static<typeof embeddingsRequestSchema>;
export const embeddingsRequestValidator = Compile(embeddingsRequestSchema);
