import type { ChatChoice, ChatResponse, ChatStreamEvent } from '../../../src/core/chat.js';

/**
 * Folds canonical stream events, as a provider stream decoder produced them from a dialect's
 * stream, into the one response they add up to. Fails when an event addresses a tool call that
 * never started.
 */
export function foldStreamEvents(events: readonly ChatStreamEvent[]): ChatResponse {
  const response: ChatResponse = { id: '', model: '', created: 0, choices: [] };
  const choices = new Map<number, ChatChoice>();
  const choice = (index: number): ChatChoice => {
    let found = choices.get(index);
    if (found === undefined) {
      found = { index, text: null, reasoning: [], toolCalls: [], finishReason: null };
      choices.set(index, found);
    }
    return found;
  };
  for (const event of events) {
    switch (event.type) {
      case 'start':
        response.id = event.id;
        response.model = event.model;
        response.created = event.created;
        break;
      case 'text-delta': {
        const target = choice(event.choice);
        target.text = (target.text ?? '') + event.text;
        break;
      }
      case 'reasoning-delta': {
        const parts = choice(event.choice).reasoning;
        const last = parts.at(-1);
        // A signature or redacted data closes a block; text after it is a new block.
        if (last !== undefined && last.signature === undefined && last.redactedData === undefined)
          last.text += event.text;
        else parts.push({ type: 'reasoning', text: event.text });
        break;
      }
      case 'reasoning-signature': {
        const parts = choice(event.choice).reasoning;
        const last = parts.at(-1);
        if (last !== undefined && last.signature === undefined) last.signature = event.signature;
        else parts.push({ type: 'reasoning', text: '', signature: event.signature });
        break;
      }
      case 'reasoning-redacted':
        choice(event.choice).reasoning.push({ type: 'reasoning', text: '', redactedData: event.data });
        break;
      case 'tool-call-start':
        choice(event.choice).toolCalls[event.toolIndex] = { id: event.id, name: event.name, arguments: '' };
        break;
      case 'tool-input-delta': {
        const call = choice(event.choice).toolCalls[event.toolIndex];
        if (call === undefined)
          throw new Error(`Arguments for tool call ${event.toolIndex}, which never started.`);
        call.arguments += event.argumentsDelta;
        break;
      }
      case 'finish':
        choice(event.choice).finishReason = event.finishReason;
        break;
      case 'usage':
        response.usage = event.usage;
        break;
    }
  }
  response.choices = [...choices.values()].sort((a, b) => a.index - b.index);
  return response;
}
