import type {
  AssistantContentPart,
  AssistantMessage,
  ChatMessage,
  ImagePart,
  JsonObject,
  SystemMessage,
  TextPart,
  ToolCall,
  ToolMessage,
  UserContentPart,
} from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { GeminiWireContent, GeminiWirePart } from './gemini-request-schema.js';

/** A function call of the latest model turn, waiting for its `functionResponse`. */
interface PendingCall {
  id: string;
  name: string;
  answered: boolean;
}

// Fields that carry no content of their own; a part with nothing else is skipped.
const metadataFields: ReadonlySet<string> = new Set([
  'thought',
  'thoughtSignature',
  'partMetadata',
  'mediaResolution',
  'videoMetadata',
]);
const dataFields = ['functionCall', 'functionResponse', 'inlineData', 'fileData', 'text'] as const;
type PartKind = (typeof dataFields)[number] | 'empty';

/**
 * Gemini `systemInstruction` → a system message; only text can be translated.
 * https://ai.google.dev/gemini-api/docs/text-generation#system-instructions
 */
export function decodeSystemInstruction(content: GeminiWireContent): SystemMessage | undefined {
  const text: TextPart[] = [];
  content.parts.forEach((part, index) => {
    const kind = partKind(part, `systemInstruction.parts[${index}]`);
    if (kind === 'text') {
      if (part.text !== undefined && part.text !== '') text.push({ type: 'text', text: part.text });
    } else if (kind !== 'empty') {
      throw untranslatable(`systemInstruction.parts[${index}].${kind}`, 'a system instruction');
    }
  });
  return text.length === 0 ? undefined : { role: 'system', content: text };
}

/**
 * Gemini `contents` → canonical messages. A `model` turn becomes an assistant message; a `user`
 * turn becomes one tool message per `functionResponse` (matched to its call by id, else by
 * name, as Gemini does) followed by a user message with the other parts.
 * https://ai.google.dev/gemini-api/docs/function-calling
 */
export function decodeGeminiContents(contents: GeminiWireContent[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let pending: PendingCall[] = [];
  contents.forEach((content, turn) => {
    if (content.role === 'model') {
      const message = decodeModelTurn(content, turn);
      pending = message.toolCalls.map((call) => ({ id: call.id, name: call.name, answered: false }));
      if (message.content.length > 0 || message.toolCalls.length > 0) messages.push(message);
    } else {
      messages.push(...decodeUserTurn(content, turn, pending));
    }
  });
  return messages;
}

function decodeModelTurn(content: GeminiWireContent, turn: number): AssistantMessage {
  const parts: AssistantContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  content.parts.forEach((part, index) => {
    const where = `contents[${turn}].parts[${index}]`;
    const kind = partKind(part, where);
    if (kind === 'functionCall' && part.functionCall !== undefined) {
      const call = part.functionCall;
      // Gemini 2.x sends no call ids; a stable one lets the next turn's response find its call.
      toolCalls.push({
        id: call.id ?? `call_${turn}_${index}`,
        name: call.name,
        arguments: JSON.stringify(call.args ?? {}),
      });
    } else if (kind === 'text' && part.text !== undefined) {
      if (part.thought === true) appendThought(parts, part.text, part.thoughtSignature);
      else if (part.text !== '') appendText(parts, part.text);
    } else if (kind !== 'empty') {
      throw untranslatable(`${where}.${kind}`, 'a model turn');
    }
  });
  return { role: 'assistant', content: parts, toolCalls };
}

/**
 * A streamed answer comes back as one part per chunk: consecutive thought parts are one
 * reasoning block, closed by the part carrying its signature. The signature is kept because
 * Anthropic needs its own signatures back, and the encoder put them there.
 */
function appendThought(parts: AssistantContentPart[], text: string, signature: string | undefined): void {
  const last = parts.at(-1);
  if (last?.type === 'reasoning' && last.signature === undefined && last.redactedData === undefined) {
    last.text += text;
    if (signature !== undefined) last.signature = signature;
    return;
  }
  parts.push({ type: 'reasoning', text, ...(signature === undefined ? {} : { signature }) });
}

/** Consecutive text parts (one per streamed chunk) are one block of text. */
function appendText(parts: AssistantContentPart[], text: string): void {
  const last = parts.at(-1);
  if (last?.type === 'text') last.text += text;
  else parts.push({ type: 'text', text });
}

function decodeUserTurn(content: GeminiWireContent, turn: number, pending: PendingCall[]): ChatMessage[] {
  const results: ToolMessage[] = [];
  const parts: UserContentPart[] = [];
  content.parts.forEach((part, index) => {
    const where = `contents[${turn}].parts[${index}]`;
    const kind = partKind(part, where);
    if (kind === 'functionResponse' && part.functionResponse !== undefined) {
      const { id, name, response } = part.functionResponse;
      results.push({
        role: 'tool',
        toolCallId: answeredCall(pending, id, name, where),
        content: [{ type: 'text', text: responseText(response as JsonObject | undefined) }],
      });
    } else if (kind === 'text' && part.text !== undefined) {
      if (part.text !== '') parts.push({ type: 'text', text: part.text });
    } else if (kind === 'inlineData' && part.inlineData !== undefined) {
      const { mimeType, data } = part.inlineData;
      parts.push({ ...image(mimeType, `${where}.inlineData`), data });
    } else if (kind === 'fileData' && part.fileData !== undefined) {
      const { mimeType, fileUri } = part.fileData;
      parts.push({ ...image(mimeType, `${where}.fileData`), url: fileUri });
    } else if (kind !== 'empty') {
      throw untranslatable(`${where}.${kind}`, 'a user turn');
    }
  });
  return parts.length === 0 ? results : [...results, { role: 'user', content: parts }];
}

/** Canonical messages carry only images; other media can reach Gemini upstreams only. */
function image(mimeType: string | undefined, param: string): ImagePart {
  if (mimeType !== undefined && !mimeType.startsWith('image/')) {
    throw new GatewayError(
      'invalid_request',
      `'${param}' has MIME type '${mimeType}': only images can be translated for a provider that does not speak gemini.`,
      { param: `${param}.mimeType` },
    );
  }
  return mimeType === undefined ? { type: 'image' } : { type: 'image', mediaType: mimeType };
}

function answeredCall(pending: PendingCall[], id: string | undefined, name: string, where: string): string {
  const call =
    pending.find((candidate) => !candidate.answered && id !== undefined && candidate.id === id) ??
    pending.find((candidate) => !candidate.answered && candidate.name === name);
  if (call === undefined) {
    throw new GatewayError(
      'invalid_request',
      `'${where}.functionResponse' (${name}) answers no functionCall of the preceding model turn.`,
      { param: `${where}.functionResponse.name` },
    );
  }
  call.answered = true;
  return call.id;
}

/** `{ output: "..." }` style results become their text; any other object is sent as JSON. */
function responseText(response: JsonObject | undefined): string {
  if (response === undefined) return '';
  const entries = Object.entries(response);
  const only = entries.length === 1 ? entries[0] : undefined;
  if (
    only !== undefined &&
    ['output', 'content', 'result'].includes(only[0]) &&
    typeof only[1] === 'string'
  ) {
    return only[1];
  }
  return JSON.stringify(response);
}

/** Which data field a part carries; throws for several at once or for one the gateway cannot read. */
function partKind(part: GeminiWirePart, where: string): PartKind {
  const present = dataFields.filter((field) => part[field] !== undefined);
  if (present.length > 1) {
    throw new GatewayError('invalid_request', `'${where}' sets ${present.join(' and ')}; a part holds one.`, {
      param: where,
    });
  }
  const first = present[0];
  if (first !== undefined) return first;
  const unknown = Object.keys(part).find((key) => !metadataFields.has(key));
  if (unknown !== undefined) throw untranslatable(`${where}.${unknown}`, 'a request');
  return 'empty';
}

function untranslatable(param: string, where: string): GatewayError {
  return new GatewayError(
    'invalid_request',
    `'${param}' cannot be translated in ${where} for a provider that does not speak gemini.`,
    { param },
  );
}
