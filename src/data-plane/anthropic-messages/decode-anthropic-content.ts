import type { CacheControl, ImagePart, JsonObject, JsonValue, TextPart } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject, optionalString } from '../../core/json-guards.js';

/**
 * The refusal for a block or setting that only an Anthropic upstream understands (server tools,
 * documents, file references): translating it would silently change the request.
 */
export function passthroughOnly(what: string, param: string): GatewayError {
  return new GatewayError(
    'unsupported_parameter',
    `${what} at '${param}' is only supported when the model is routed to an Anthropic provider.`,
    { param },
  );
}

/** Anthropic `cache_control` → canonical hint; undefined for absent or unknown kinds. */
export function decodeCacheControl(block: JsonObject): CacheControl | undefined {
  const hint = block['cache_control'];
  if (!isJsonObject(hint) || hint['type'] !== 'ephemeral') return undefined;
  const ttl = optionalString(hint['ttl']);
  return ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl };
}

/** A `text` block (validated before decoding) → text part, keeping its cache hint. */
export function decodeTextBlock(block: JsonObject): TextPart {
  const part: TextPart = { type: 'text', text: optionalString(block['text']) ?? '' };
  const cacheControl = decodeCacheControl(block);
  if (cacheControl !== undefined) part.cacheControl = cacheControl;
  return part;
}

/**
 * An `image` block → image part. Base64 and URL sources translate; a Files API reference
 * (`source.type: file`) only means something to Anthropic.
 * https://docs.anthropic.com/en/docs/build-with-claude/vision
 */
export function decodeImageBlock(block: JsonObject, param: string): ImagePart {
  const source = isJsonObject(block['source']) ? block['source'] : {};
  const kind = blockType(source);
  let part: ImagePart;
  const data = optionalString(source['data']);
  const mediaType = optionalString(source['media_type']);
  const url = optionalString(source['url']);
  if (kind === 'base64' && data !== undefined && mediaType !== undefined) {
    part = { type: 'image', data, mediaType };
  } else if (kind === 'url' && url !== undefined) {
    part = { type: 'image', url };
  } else if (kind === 'base64' || kind === 'url') {
    throw new GatewayError('invalid_request', `Invalid '${param}.source': incomplete ${kind} source.`, {
      param: `${param}.source`,
    });
  } else {
    throw passthroughOnly(`An image with a '${kind}' source`, `${param}.source`);
  }
  const cacheControl = decodeCacheControl(block);
  if (cacheControl !== undefined) part.cacheControl = cacheControl;
  return part;
}

/** A block's (or source's) `type`, for messages; validated blocks always have one. */
export function blockType(block: JsonObject): string {
  return optionalString(block['type']) ?? 'untyped';
}

/** The blocks of a content field: a string is one text block. */
export function contentBlocks(content: JsonValue | undefined): JsonObject[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return Array.isArray(content) ? content.filter(isJsonObject) : [];
}
