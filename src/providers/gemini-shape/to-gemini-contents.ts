import type {
  AssistantMessage,
  ChatMessage,
  ImagePart,
  JsonObject,
  TextPart,
  ToolCall,
  ToolMessage,
  UserContentPart,
} from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import { parseDataUrl } from '../parse-data-url.js';
import { parseToolArguments } from '../parse-tool-arguments.js';
import { splitGeminiToolCallId } from './gemini-tool-call-id.js';
import type { GeminiContent, GeminiPart } from './gemini-wire.js';

/** A canonical conversation in Gemini's shape. */
export interface GeminiConversation {
  /** Every system message, hoisted; absent when there were none. */
  systemInstruction?: { parts: GeminiPart[] };
  contents: GeminiContent[];
}

const imageTypesByExtension: ReadonlyMap<string, string> = new Map([
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
  ['heic', 'image/heic'],
  ['heif', 'image/heif'],
]);

/**
 * Canonical messages → Gemini `systemInstruction` and `contents`. Consecutive turns of one role
 * are merged because Gemini expects `user` and `model` to alternate, and all function responses
 * to a model turn in one `user` turn. https://ai.google.dev/gemini-api/docs/function-calling
 */
export function toGeminiContents(messages: ChatMessage[], warnings: string[]): GeminiConversation {
  const system: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  let droppedName = false;
  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system': {
        const text = joinText(message.content);
        if (text !== '') system.push({ text });
        return;
      }
      case 'user':
        droppedName ||= message.name !== undefined;
        return append(contents, 'user', message.content.flatMap(userPart));
      case 'assistant':
        droppedName ||= message.name !== undefined;
        return append(contents, 'model', assistantParts(message, toolNames));
      case 'tool':
        return append(contents, 'user', [functionResponsePart(message, index, toolNames)]);
    }
  });
  if (droppedName) warnings.push('name on messages is not supported by gemini; ignored');
  return system.length === 0 ? { contents } : { systemInstruction: { parts: system }, contents };
}

function append(contents: GeminiContent[], role: GeminiContent['role'], parts: GeminiPart[]): void {
  if (parts.length === 0) return; // Gemini rejects a turn without parts
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

function joinText(parts: TextPart[]): string {
  return parts.map((part) => part.text).join('');
}

/** Gemini rejects empty text parts, so they are left out. */
function userPart(part: UserContentPart): GeminiPart[] {
  if (part.type === 'text') return part.text === '' ? [] : [{ text: part.text }];
  return [imagePart(part)];
}

function imagePart(part: ImagePart): GeminiPart {
  if (part.data !== undefined) {
    return { inlineData: { mimeType: part.mediaType ?? 'image/jpeg', data: part.data } };
  }
  const url = part.url ?? '';
  const inline = parseDataUrl(url);
  if (inline !== undefined) return { inlineData: { mimeType: inline.mediaType, data: inline.data } };
  if (url.startsWith('data:')) {
    throw new GatewayError('invalid_request', 'An image data URL must be base64-encoded.', {
      param: 'messages',
    });
  }
  return { fileData: { mimeType: guessImageType(url), fileUri: url } };
}

/** Gemini requires a MIME type with `fileData`; the URL's extension is the only hint there is. */
export function guessImageType(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return imageTypesByExtension.get(extension) ?? 'image/jpeg';
}

/** Text and function calls; reasoning is not sent back, as Gemini does not need earlier thoughts. */
function assistantParts(message: AssistantMessage, toolNames: Map<string, string>): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const part of message.content) {
    if (part.type === 'text' && part.text !== '') parts.push({ text: part.text });
  }
  for (const call of message.toolCalls) {
    toolNames.set(call.id, call.name);
    const { signature } = splitGeminiToolCallId(call.id);
    parts.push({
      functionCall: { name: call.name, args: parseArguments(call) },
      ...(signature === undefined ? {} : { thoughtSignature: signature }),
    });
  }
  return parts;
}

function parseArguments(call: ToolCall): JsonObject {
  const parsed = parseToolArguments(call.arguments);
  if (parsed === undefined) {
    throw new GatewayError(
      'invalid_request',
      `The arguments of tool call '${call.name}' are not a JSON object; gemini needs one.`,
      { param: 'messages' },
    );
  }
  return parsed;
}

/** Gemini matches a response to its call by function name, so the name is looked up by call id. */
function functionResponsePart(
  message: ToolMessage,
  index: number,
  toolNames: ReadonlyMap<string, string>,
): GeminiPart {
  const name = toolNames.get(message.toolCallId);
  if (name === undefined) {
    const id = splitGeminiToolCallId(message.toolCallId).id;
    throw new GatewayError(
      'invalid_request',
      `messages[${index}].tool_call_id '${id}' matches no tool call of an earlier assistant message.`,
      { param: `messages[${index}].tool_call_id` },
    );
  }
  return { functionResponse: { name, response: toResponseObject(joinText(message.content)) } };
}

/** `response` must be an object: JSON object output is sent as is, anything else wrapped. */
function toResponseObject(text: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // plain text output
  }
  return { content: text };
}
