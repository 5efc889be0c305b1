import type { ChatStreamEvent } from '../../core/chat.js';

/**
 * Characters of text and tool arguments one transcript keeps. Only bounds memory: the call-log
 * writer redacts and cuts each body to its own byte cap at flush (docs/call-log.md).
 */
export const transcriptCapChars = 65_536;

interface ToolCallRecord {
  id: string;
  name: string;
  arguments: string;
}

interface ChoiceRecord {
  text: string;
  /** Tool index → call, as the events number them. */
  tools: Map<number, ToolCallRecord>;
  finishReason: string | null;
}

/**
 * The answer of a streamed chat call, assembled from canonical stream events as they pass, for
 * the call log of routes that record bodies. One instance per stream; never throws.
 */
export class StreamTranscript {
  private readonly choices = new Map<number, ChoiceRecord>();
  private keptChars = 0;
  private droppedChars = 0;

  /** Folds one canonical event into the transcript. */
  add(event: ChatStreamEvent): void {
    switch (event.type) {
      case 'text-delta': {
        const choice = this.choice(event.choice);
        choice.text += this.keep(event.text);
        break;
      }
      case 'tool-call-start':
        this.choice(event.choice).tools.set(event.toolIndex, {
          id: event.id,
          name: event.name,
          arguments: '',
        });
        break;
      case 'tool-input-delta': {
        const call = this.choice(event.choice).tools.get(event.toolIndex);
        if (call !== undefined) call.arguments += this.keep(event.argumentsDelta);
        break;
      }
      case 'finish':
        this.choice(event.choice).finishReason = event.finishReason;
        break;
      default:
        break;
    }
  }

  /** The transcript as the JSON text stored in the call log's response body. */
  toJson(): string {
    const choices = [...this.choices.entries()]
      .sort(([left], [right]) => left - right)
      .map(([index, choice]) => ({
        index,
        text: choice.text,
        tool_calls: [...choice.tools.entries()]
          .sort(([left], [right]) => left - right)
          .map(([, call]) => call),
        finish_reason: choice.finishReason,
      }));
    return JSON.stringify({
      stream: true,
      choices,
      ...(this.droppedChars === 0 ? {} : { truncated_chars: this.droppedChars }),
    });
  }

  private choice(index: number): ChoiceRecord {
    let choice = this.choices.get(index);
    if (choice === undefined) {
      choice = { text: '', tools: new Map(), finishReason: null };
      this.choices.set(index, choice);
    }
    return choice;
  }

  /** The part of `text` that fits under the cap; the rest is only counted. */
  private keep(text: string): string {
    const room = transcriptCapChars - this.keptChars;
    if (text.length <= room) {
      this.keptChars += text.length;
      return text;
    }
    const kept = room > 0 ? text.slice(0, room) : '';
    this.keptChars += kept.length;
    this.droppedChars += text.length - kept.length;
    return kept;
  }
}
