import type {
  AssistantContentPart,
  ChatMessage,
  ChatRequest,
  JsonObject,
  ReasoningPart,
  ResponseFormat,
  TextPart,
  ToolChoice,
  UserContentPart,
} from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { OpenAiChatRequest, OpenAiMessage } from './chat-request-schema.js';

type WireContent = OpenAiMessage['content'];

// Fields mapped to canonical ones; everything else the client sent travels in `extra`.
const knownFields = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'n',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'logprobs',
  'top_logprobs',
  'reasoning_effort',
  'user',
]);

/**
 * Maps a validated OpenAI Chat Completions body to the canonical request. `raw` is the same
 * object untyped, read for fields the schema does not know.
 */
export function decodeChatRequest(
  body: OpenAiChatRequest,
  raw: JsonObject,
  upstreamModel: string,
): ChatRequest {
  const request: ChatRequest = {
    model: upstreamModel,
    messages: body.messages.map((message, index) => decodeMessage(message, index)),
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
  };
  if (body.tools !== undefined && body.tools.length > 0) {
    request.tools = body.tools.map(({ function: fn }) => ({
      name: fn.name,
      ...(fn.description === undefined ? {} : { description: fn.description }),
      ...(fn.parameters === undefined ? {} : { parameters: fn.parameters as JsonObject }),
      ...(typeof fn.strict === 'boolean' ? { strict: fn.strict } : {}),
    }));
  }
  if (body.tool_choice !== undefined) request.toolChoice = decodeToolChoice(body.tool_choice);
  if (body.parallel_tool_calls !== undefined) request.parallelToolCalls = body.parallel_tool_calls;
  if (body.response_format !== undefined) request.responseFormat = decodeResponseFormat(body.response_format);
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') request.maxTokens = maxTokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  if (typeof body.n === 'number') request.n = body.n;
  if (typeof body.stop === 'string') request.stop = [body.stop];
  else if (Array.isArray(body.stop)) request.stop = body.stop;
  if (typeof body.seed === 'number') request.seed = body.seed;
  if (typeof body.presence_penalty === 'number') request.presencePenalty = body.presence_penalty;
  if (typeof body.frequency_penalty === 'number') request.frequencyPenalty = body.frequency_penalty;
  if (typeof body.logprobs === 'boolean') request.logprobs = body.logprobs;
  if (typeof body.top_logprobs === 'number') request.topLogprobs = body.top_logprobs;
  if (body.reasoning_effort !== undefined) request.reasoningEffort = body.reasoning_effort;
  if (body.user !== undefined) request.user = body.user;
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) if (!knownFields.has(key)) extra[key] = value;
  if (Object.keys(extra).length > 0) {
    request.extra = extra;
    request.extraSource = 'openai-chat';
  }
  return request;
}

function decodeMessage(message: OpenAiMessage, index: number): ChatMessage {
  const param = `messages[${index}].content`;
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: decodeTextContent(message.content, param) };
    case 'user':
      return {
        role: 'user',
        content: decodeUserContent(message.content, param),
        ...(message.name === undefined ? {} : { name: message.name }),
      };
    case 'assistant':
      return decodeAssistant(message);
    case 'tool':
      if (message.tool_call_id === undefined) {
        throw new GatewayError('invalid_request', `Missing 'messages[${index}].tool_call_id'.`, {
          param: `messages[${index}].tool_call_id`,
        });
      }
      return {
        role: 'tool',
        toolCallId: message.tool_call_id,
        content: decodeTextContent(message.content, param),
      };
  }
}

function decodeAssistant(message: OpenAiMessage): ChatMessage {
  const content: AssistantContentPart[] = [...decodeReasoning(message)];
  if (typeof message.content === 'string' && message.content !== '')
    content.push({ type: 'text', text: message.content });
  else if (Array.isArray(message.content)) content.push(...decodeTextContent(message.content, 'messages'));
  const toolCalls = (message.tool_calls ?? []).map((call) => ({
    id: call.id,
    name: call.function.name,
    arguments: call.function.arguments,
  }));
  return {
    role: 'assistant',
    content,
    toolCalls,
    ...(message.name === undefined ? {} : { name: message.name }),
  };
}

/** Reasoning sent back by the client: `thinking_blocks` (with signatures) or plain `reasoning_content`. */
function decodeReasoning(message: OpenAiMessage): ReasoningPart[] {
  const raw = message as OpenAiMessage & JsonObject;
  const blocks = raw['thinking_blocks'];
  if (Array.isArray(blocks)) {
    const parts: ReasoningPart[] = [];
    for (const block of blocks) {
      if (!isJsonObject(block)) continue;
      if (block['type'] === 'redacted_thinking' && typeof block['data'] === 'string') {
        parts.push({ type: 'reasoning', text: '', redactedData: block['data'] });
      } else if (typeof block['thinking'] === 'string') {
        const signature = block['signature'];
        parts.push({
          type: 'reasoning',
          text: block['thinking'],
          ...(typeof signature === 'string' ? { signature } : {}),
        });
      }
    }
    return parts;
  }
  const text = raw['reasoning_content'];
  return typeof text === 'string' && text !== '' ? [{ type: 'reasoning', text }] : [];
}

function decodeTextContent(content: WireContent, param: string): TextPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index) => {
    if (part.type !== 'text' || !('text' in part)) {
      throw new GatewayError('invalid_request', `Only text parts are allowed in '${param}[${index}]'.`, {
        param: `${param}[${index}]`,
      });
    }
    return withCacheControl({ type: 'text', text: part.text }, part);
  });
}

function decodeUserContent(content: WireContent, param: string): UserContentPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part, index): UserContentPart => {
    if (part.type === 'text' && 'text' in part)
      return withCacheControl({ type: 'text', text: part.text }, part);
    if (part.type === 'image_url' && 'image_url' in part) {
      // The schema's catch-all part admits `image_url: null`; refuse it here rather than crash.
      if (!isJsonObject(part.image_url) || typeof part.image_url.url !== 'string') {
        throw new GatewayError(
          'invalid_request',
          `Invalid '${param}[${index}].image_url': must be an object with a 'url' string.`,
          {
            param: `${param}[${index}].image_url`,
          },
        );
      }
      const { url, detail } = part.image_url;
      return withCacheControl({ type: 'image', url, ...(detail === undefined ? {} : { detail }) }, part);
    }
    throw new GatewayError(
      'invalid_request',
      `Unsupported content part type '${part.type}' in '${param}[${index}]'.`,
      {
        param: `${param}[${index}].type`,
      },
    );
  });
}

/** Carries Anthropic-style `cache_control` hints that clients put on OpenAI content parts. */
function withCacheControl<Part extends TextPart | UserContentPart>(part: Part, wire: object): Part {
  const hint = (wire as JsonObject)['cache_control'];
  if (!isJsonObject(hint) || hint['type'] !== 'ephemeral') return part;
  const ttl = hint['ttl'];
  return { ...part, cacheControl: { type: 'ephemeral', ...(typeof ttl === 'string' ? { ttl } : {}) } };
}

function decodeToolChoice(choice: NonNullable<OpenAiChatRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

function decodeResponseFormat(format: NonNullable<OpenAiChatRequest['response_format']>): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type };
  const spec = format.json_schema;
  return {
    type: 'json_schema',
    name: spec.name,
    ...(spec.schema === undefined ? {} : { schema: spec.schema as JsonObject }),
    ...(typeof spec.strict === 'boolean' ? { strict: spec.strict } : {}),
    ...(spec.description === undefined ? {} : { description: spec.description }),
  };
}
