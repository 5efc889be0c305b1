import Type from 'typebox';
import { Compile } from 'typebox/compile';

// Only what the gateway reads is checked; unknown fields pass on to Gemini upstreams untouched
// (Gemini adds fields often) and are reported as warnings when the request is translated.
// Field names follow https://ai.google.dev/api/generate-content and the @google/genai types.

const functionCall = Type.Object({
  name: Type.String({ minLength: 1 }),
  args: Type.Optional(Type.Object({})),
  id: Type.Optional(Type.String()),
});

const functionResponse = Type.Object({
  name: Type.String({ minLength: 1 }),
  response: Type.Optional(Type.Object({})),
  id: Type.Optional(Type.String()),
});

/** One piece of a turn; exactly one data field is expected, which the decoder checks. */
const part = Type.Object({
  text: Type.Optional(Type.String()),
  thought: Type.Optional(Type.Boolean()),
  thoughtSignature: Type.Optional(Type.String()),
  inlineData: Type.Optional(Type.Object({ mimeType: Type.String(), data: Type.String() })),
  fileData: Type.Optional(
    Type.Object({ mimeType: Type.Optional(Type.String()), fileUri: Type.String({ minLength: 1 }) }),
  ),
  functionCall: Type.Optional(functionCall),
  functionResponse: Type.Optional(functionResponse),
});

// `function` is the role older Vertex examples give to function responses.
const content = Type.Object({
  role: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('model'), Type.Literal('function')])),
  parts: Type.Array(part),
});

const functionDeclaration = Type.Object({
  name: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  /** OpenAPI-subset schema (`type: 'OBJECT'`). */
  parameters: Type.Optional(Type.Object({})),
  /** Plain JSON Schema; any JSON value is passed on as given. */
  parametersJsonSchema: Type.Optional(Type.Unknown()),
});

const tool = Type.Object({ functionDeclarations: Type.Optional(Type.Array(functionDeclaration)) });

const toolConfig = Type.Object({
  functionCallingConfig: Type.Optional(
    Type.Object({
      mode: Type.Optional(Type.String()),
      allowedFunctionNames: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});

const thinkingConfig = Type.Object({
  includeThoughts: Type.Optional(Type.Boolean()),
  thinkingBudget: Type.Optional(Type.Integer()),
  thinkingLevel: Type.Optional(Type.String()),
});

const generationConfig = Type.Object({
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 2 })),
  topP: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  topK: Type.Optional(Type.Number({ minimum: 0 })),
  maxOutputTokens: Type.Optional(Type.Integer({ minimum: 1 })),
  stopSequences: Type.Optional(Type.Array(Type.String())),
  seed: Type.Optional(Type.Integer()),
  candidateCount: Type.Optional(Type.Integer({ minimum: 1 })),
  presencePenalty: Type.Optional(Type.Number()),
  frequencyPenalty: Type.Optional(Type.Number()),
  responseLogprobs: Type.Optional(Type.Boolean()),
  logprobs: Type.Optional(Type.Integer({ minimum: 0 })),
  responseMimeType: Type.Optional(Type.String()),
  responseSchema: Type.Optional(Type.Object({})),
  responseJsonSchema: Type.Optional(Type.Unknown()),
  thinkingConfig: Type.Optional(thinkingConfig),
});

/** The body of `models/{model}:generateContent` and `:streamGenerateContent`, as far as the gateway reads it. */
export const geminiRequestSchema = Type.Object({
  contents: Type.Array(content, { minItems: 1 }),
  systemInstruction: Type.Optional(content),
  tools: Type.Optional(Type.Array(tool)),
  toolConfig: Type.Optional(toolConfig),
  generationConfig: Type.Optional(generationConfig),
  safetySettings: Type.Optional(Type.Array(Type.Object({}))),
  cachedContent: Type.Optional(Type.String()),
});

/** The body of `models/{model}:countTokens`: bare `contents`, or a whole `generateContentRequest`. */
export const geminiCountTokensSchema = Type.Object({
  contents: Type.Optional(Type.Array(content)),
  generateContentRequest: Type.Optional(
    Type.Object({
      contents: Type.Optional(Type.Array(content)),
      systemInstruction: Type.Optional(content),
      tools: Type.Optional(Type.Array(tool)),
    }),
  ),
});

export type GeminiRequestBody = Type.Static<typeof geminiRequestSchema>;
export type GeminiCountTokensBody = Type.Static<typeof geminiCountTokensSchema>;
export type GeminiWireContent = Type.Static<typeof content>;
export type GeminiWirePart = Type.Static<typeof part>;
export type GeminiWireTool = Type.Static<typeof tool>;
export type GeminiWireGenerationConfig = Type.Static<typeof generationConfig>;
export type GeminiWireToolConfig = Type.Static<typeof toolConfig>;

export const geminiRequestValidator = Compile(geminiRequestSchema);
export const geminiCountTokensValidator = Compile(geminiCountTokensSchema);
