import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { maxUserIdLength } from '../../core/check-model-name.js';

// Only what the gateway must understand is checked; unknown fields are accepted, as the
// Responses API grows often and clients (Codex, the Agents SDK) send fields Portico ignores.
// Items, tools and content parts are validated one by one after dispatching on `type`, so an
// error names the one field at fault. https://platform.openai.com/docs/api-reference/responses/create

const nullable = <Schema extends Type.TSchema>(schema: Schema) =>
  Type.Optional(Type.Union([schema, Type.Null()]));
const typed = Type.Object({ type: Type.Optional(Type.Union([Type.String(), Type.Null()])) });

const textFormat = Type.Object({
  type: Type.Union([Type.Literal('text'), Type.Literal('json_object'), Type.Literal('json_schema')]),
  name: Type.Optional(Type.String({ minLength: 1 })),
  schema: Type.Optional(Type.Object({})),
  description: Type.Optional(Type.String()),
  strict: nullable(Type.Boolean()),
});

/** The `POST /v1/responses` body, as far as the gateway reads it. */
export const responsesRequestSchema = Type.Object({
  model: Type.String({ minLength: 1 }),
  input: Type.Union([Type.String(), Type.Array(typed, { minItems: 1 })]),
  instructions: nullable(Type.String()),
  tools: nullable(Type.Array(Type.Object({ type: Type.String() }))),
  tool_choice: nullable(
    Type.Union([
      Type.Literal('auto'),
      Type.Literal('none'),
      Type.Literal('required'),
      Type.Object({ type: Type.String() }),
    ]),
  ),
  parallel_tool_calls: nullable(Type.Boolean()),
  max_output_tokens: nullable(Type.Integer({ minimum: 1 })),
  temperature: nullable(Type.Number({ minimum: 0, maximum: 2 })),
  top_p: nullable(Type.Number({ minimum: 0, maximum: 1 })),
  top_logprobs: nullable(Type.Integer({ minimum: 0, maximum: 20 })),
  text: nullable(Type.Object({ format: nullable(textFormat) })),
  reasoning: nullable(Type.Object({ effort: nullable(Type.String()) })),
  stream: nullable(Type.Boolean()),
  store: nullable(Type.Boolean()),
  background: nullable(Type.Boolean()),
  previous_response_id: nullable(Type.String()),
  include: nullable(Type.Array(Type.String())),
  metadata: nullable(Type.Object({})),
  user: nullable(Type.String({ maxLength: maxUserIdLength })),
  safety_identifier: nullable(Type.String({ maxLength: maxUserIdLength })),
});

export type ResponsesRequest = Type.Static<typeof responsesRequestSchema>;
export const responsesRequestValidator = Compile(responsesRequestSchema);

/** A function tool in the Responses API's flat shape (no nested `function` object). */
export const functionToolValidator = Compile(
  Type.Object({
    type: Type.Literal('function'),
    name: Type.String({ minLength: 1 }),
    description: nullable(Type.String()),
    parameters: nullable(Type.Object({})),
    strict: nullable(Type.Boolean()),
  }),
);

/**
 * A `custom` tool: the model writes free-form text, optionally constrained by a grammar
 * (Codex's `apply_patch`). https://platform.openai.com/docs/guides/function-calling#custom-tools
 */
export const customToolValidator = Compile(
  Type.Object({
    type: Type.Literal('custom'),
    name: Type.String({ minLength: 1 }),
    description: nullable(Type.String()),
    format: nullable(
      Type.Object({
        type: Type.Union([Type.Literal('text'), Type.Literal('grammar')]),
        syntax: Type.Optional(Type.String()),
        definition: Type.Optional(Type.String()),
      }),
    ),
  }),
);

const messageContent = Type.Union([Type.String(), Type.Array(Type.Object({ type: Type.String() }))]);

/** A `message` input item; `type` may be absent (OpenAI's "easy" input message). */
export const messageItemValidator = Compile(
  Type.Object({
    role: Type.Union([
      Type.Literal('user'),
      Type.Literal('assistant'),
      Type.Literal('system'),
      Type.Literal('developer'),
    ]),
    content: messageContent,
  }),
);

export const functionCallItemValidator = Compile(
  Type.Object({
    call_id: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    arguments: Type.String(),
  }),
);

export const functionCallOutputItemValidator = Compile(
  Type.Object({
    call_id: Type.String({ minLength: 1 }),
    output: Type.Union([Type.String(), Type.Array(Type.Object({ type: Type.String() }))]),
  }),
);

export const customToolCallItemValidator = Compile(
  Type.Object({
    call_id: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    input: Type.String(),
  }),
);

// OpenAI names the call `call_id` on the call and `id` on its output; either is read on both.
export const localShellCallItemValidator = Compile(
  Type.Object({
    call_id: nullable(Type.String()),
    id: nullable(Type.String()),
    action: Type.Object({
      command: Type.Array(Type.String()),
      working_directory: nullable(Type.String()),
      timeout_ms: nullable(Type.Integer({ minimum: 0 })),
    }),
  }),
);

export const localShellCallOutputItemValidator = Compile(
  Type.Object({
    call_id: nullable(Type.String()),
    id: nullable(Type.String()),
    output: Type.String(),
  }),
);

const reasoningText = Type.Array(Type.Object({ type: Type.String(), text: Type.String() }));

export const reasoningItemValidator = Compile(
  Type.Object({
    summary: Type.Optional(reasoningText),
    content: nullable(reasoningText),
    encrypted_content: nullable(Type.String()),
  }),
);

export const textPartValidator = Compile(Type.Object({ text: Type.String() }));
export const refusalPartValidator = Compile(Type.Object({ refusal: Type.String() }));
export const imagePartValidator = Compile(
  Type.Object({
    image_url: nullable(Type.String()),
    file_id: nullable(Type.String()),
    detail: nullable(Type.String()),
  }),
);
