import type { AssistantMessage, ChatMessage, ImagePart, TextPart, UserContentPart } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import type { CohereAssistantMessage, CohereContentPart, CohereMessage } from './cohere-wire.js';

/**
 * Canonical messages → Cohere v2 messages. The roles and tool-call shapes are OpenAI's, so turns
 * map one to one; reasoning goes back only as the `tool_plan` of a tool-calling turn, the one
 * place Cohere takes it. https://docs.cohere.com/docs/tool-use-overview
 */
export function toCohereMessages(messages: readonly ChatMessage[], warnings: string[]): CohereMessage[] {
  let droppedName = false;
  const converted = messages.map((message, index): CohereMessage => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: joinText(message.content) };
      case 'user':
        droppedName ||= message.name !== undefined;
        return { role: 'user', content: userContent(message.content, index) };
      case 'assistant':
        droppedName ||= message.name !== undefined;
        return assistantMessage(message);
      case 'tool':
        return { role: 'tool', tool_call_id: message.toolCallId, content: joinText(message.content) };
    }
  });
  if (droppedName) warnings.push('name on messages is not supported by cohere; ignored');
  return converted;
}

function joinText(parts: readonly TextPart[]): string {
  return parts.map((part) => part.text).join('');
}

/** Text-only turns travel as a plain string, the form every Cohere model accepts. */
function userContent(parts: readonly UserContentPart[], index: number): string | CohereContentPart[] {
  if (parts.every((part) => part.type === 'text')) return joinText(parts);
  return parts.map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: imageUrl(part, index) } },
  );
}

/** Cohere takes images as URLs, inline ones as data URLs. https://docs.cohere.com/docs/image-inputs */
function imageUrl(part: ImagePart, index: number): string {
  if (part.data !== undefined) return `data:${part.mediaType ?? 'image/png'};base64,${part.data}`;
  if (part.url === undefined || part.url === '') {
    throw new GatewayError('invalid_request', `messages[${index}] has an image without a URL.`, {
      param: `messages[${index}].content`,
    });
  }
  return part.url;
}

function assistantMessage(message: AssistantMessage): CohereAssistantMessage {
  const text = message.content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('');
  const converted: CohereAssistantMessage = { role: 'assistant' };
  if (text !== '') converted.content = text;
  if (message.toolCalls.length > 0) {
    const plan = message.content
      .filter((part) => part.type === 'reasoning')
      .map((part) => part.text)
      .join('');
    if (plan !== '') converted.tool_plan = plan;
    converted.tool_calls = message.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments === '' ? '{}' : call.arguments },
    }));
  }
  return converted;
}
