import type { JsonObject } from '../../core/chat.js';

/**
 * Request shapes of the Gemini API (v1beta) as this translator writes them, after the types of
 * the official `@google/genai` SDK. https://ai.google.dev/api/generate-content
 */

/** One piece of a turn. Exactly one of the data fields is set. */
export interface GeminiPart {
  text?: string;
  /** Base64 bytes with their MIME type. */
  inlineData?: { mimeType: string; data: string };
  /** A file by URI (Files API, or a public URL). */
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: { name: string; args: JsonObject };
  functionResponse?: { name: string; response: JsonObject };
  /**
   * Opaque signature of the model's reasoning; returned unchanged on the part it came with.
   * https://ai.google.dev/gemini-api/docs/thought-signatures
   */
  thoughtSignature?: string;
}

/** One turn; Gemini knows only `user` and `model` (function responses travel as `user`). */
export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** A function the model may call. https://ai.google.dev/api/caching#FunctionDeclaration */
export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** Plain JSON Schema (the OpenAPI-subset `parameters` field is the alternative). */
  parametersJsonSchema?: JsonObject;
}

/** A tool of the request; this translator sends one holding every function. */
export interface GeminiTool {
  functionDeclarations: GeminiFunctionDeclaration[];
}

/** How the model must use the functions: `AUTO`, `ANY` (at least one call) or `NONE`. */
export interface GeminiToolConfig {
  functionCallingConfig: {
    mode: 'AUTO' | 'ANY' | 'NONE';
    /** Only with mode `ANY`: the calls the model may make. */
    allowedFunctionNames?: string[];
  };
}

/** https://ai.google.dev/gemini-api/docs/thinking */
export interface GeminiThinkingConfig {
  /** Tokens the model may think; 0 turns thinking off (Flash models only). */
  thinkingBudget: number;
  /** Whether thought summaries come back as `thought: true` parts. */
  includeThoughts?: boolean;
}

/** https://ai.google.dev/api/generate-content#generationconfig */
export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  candidateCount?: number;
  responseLogprobs?: boolean;
  /** Number of top candidates per token to return log probabilities for. */
  logprobs?: number;
  responseMimeType?: string;
  /** Plain JSON Schema of the answer (the OpenAPI-subset `responseSchema` is the alternative). */
  responseJsonSchema?: JsonObject;
  thinkingConfig?: GeminiThinkingConfig;
}

/** Body of `models/{model}:generateContent` and `:streamGenerateContent`. */
export interface GeminiGenerateContentRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: GeminiTool[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
}

/** Body of `models/{model}:batchEmbedContents`. https://ai.google.dev/api/embeddings */
export interface GeminiBatchEmbedRequest {
  requests: {
    /** Resource name, `models/{model}`; must match the model in the URL. */
    model: string;
    content: { parts: { text: string }[] };
    outputDimensionality?: number;
  }[];
}
