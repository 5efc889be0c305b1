import type { ImagePart, JsonObject, JsonValue, TextPart, UserContentPart } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';
import { assertValidAt } from './assert-valid-at.js';
import { imagePartValidator, refusalPartValidator, textPartValidator } from './responses-request-schema.js';

/** Message content as sent: a string or a list of typed parts. */
export type WireContent = string | JsonValue[];

/** Whose content is read: `system` covers `developer`; `tool` is a function_call_output. */
export type ContentRole = 'user' | 'system' | 'assistant' | 'tool';

// The image detail levels Chat Completions and the translators understand; others are left out.
const knownDetails = new Set(['auto', 'low', 'high']);

/**
 * Reads message content into canonical parts: `input_text` everywhere, `input_image` for users,
 * `output_text` and `refusal` for the assistant. `param` names the content, e.g. `input[0].content`.
 */
export function decodeMessageContent(
  content: WireContent,
  role: ContentRole,
  param: string,
): UserContentPart[] {
  if (typeof content === 'string')
    return content === '' && role !== 'user' ? [] : [{ type: 'text', text: content }];
  return content.map((part, index) => decodePart(part, role, `${param}[${index}]`));
}

/** Like decodeMessageContent, for roles that accept text only. */
export function decodeTextContent(
  content: WireContent,
  role: Exclude<ContentRole, 'user'>,
  param: string,
): TextPart[] {
  return decodeMessageContent(content, role, param).filter((part): part is TextPart => part.type === 'text');
}

function decodePart(part: JsonValue, role: ContentRole, param: string): UserContentPart {
  const wire: JsonObject = isJsonObject(part) ? part : {};
  const type = wire['type'];
  if (type === 'input_text' || (type === 'output_text' && role === 'assistant')) {
    assertValidAt(textPartValidator, wire, param);
    return withCacheBreakpoint({ type: 'text', text: optionalString(wire['text']) ?? '' }, wire);
  }
  if (type === 'refusal' && role === 'assistant') {
    assertValidAt(refusalPartValidator, wire, param);
    return { type: 'text', text: optionalString(wire['refusal']) ?? '' };
  }
  if (type === 'input_image' && role === 'user') return decodeImage(wire, param);
  if (type === 'input_file' || type === 'input_audio' || type === 'input_image') {
    const where = type === 'input_image' ? ` in a ${role} message` : '';
    // Canonical system and tool messages carry text only; files and audio have no canonical home.
    throw new GatewayError(
      'unsupported_parameter',
      `Content part type '${type}'${where} at '${param}' is not supported by Portico.`,
      { param: `${param}.type` },
    );
  }
  throw new GatewayError(
    'invalid_request',
    `Content part type '${optionalString(type) ?? ''}' at '${param}' is not allowed in a ${role} message.`,
    { param: `${param}.type` },
  );
}

function decodeImage(wire: JsonObject, param: string): ImagePart {
  assertValidAt(imagePartValidator, wire, param);
  const url = wire['image_url'];
  if (typeof url !== 'string' || url === '') {
    if (typeof wire['file_id'] === 'string') {
      throw new GatewayError(
        'unsupported_parameter',
        `'${param}.file_id' is not supported: Portico has no access to files uploaded to OpenAI. Send the image as 'image_url' (an https or data: URL).`,
        { param: `${param}.file_id` },
      );
    }
    throw new GatewayError('invalid_request', `Missing '${param}.image_url'.`, {
      param: `${param}.image_url`,
    });
  }
  const detail = wire['detail'];
  const image: ImagePart = { type: 'image', url };
  if (typeof detail === 'string' && knownDetails.has(detail)) image.detail = detail;
  return withCacheBreakpoint(image, wire);
}

/** `prompt_cache_breakpoint` marks the end of a reusable prefix, as Anthropic's `cache_control` does. */
function withCacheBreakpoint<Part extends TextPart | ImagePart>(part: Part, wire: JsonObject): Part {
  const breakpoint = wire['prompt_cache_breakpoint'];
  return isJsonObject(breakpoint) ? { ...part, cacheControl: { type: 'ephemeral' } } : part;
}
