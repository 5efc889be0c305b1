import type { ToolDefinition } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';

/** A validated `custom` tool, as far as it is translated. */
export interface CustomTool {
  name: string;
  description?: string | null;
  format?: { type: 'text' | 'grammar'; syntax?: string; definition?: string } | null;
}

/**
 * A `custom` tool → a canonical function taking one string, `input`, that carries the free-form
 * text; the grammar (e.g. Codex's Lark grammar for `apply_patch`) is given to the model as text,
 * since no other provider constrains output by grammar. See docs/dialects/openai-responses.md.
 */
export function customToolDefinition(tool: CustomTool): ToolDefinition {
  const note = 'Its input is free-form text: pass all of it, unchanged, as the `input` string.';
  const description =
    tool.description == null || tool.description === '' ? note : `${tool.description}\n\n${note}`;
  return {
    name: tool.name,
    description,
    parameters: {
      type: 'object',
      properties: { input: { type: 'string', description: describeFormat(tool) } },
      required: ['input'],
    },
  };
}

function describeFormat(tool: CustomTool): string {
  const format = tool.format;
  if (format?.type !== 'grammar' || format.definition === undefined) return 'The free-form input text.';
  const syntax = format.syntax ?? 'lark';
  return `The free-form input text. It must match this ${syntax} grammar:\n${format.definition}`;
}

/** Custom tool text → the arguments of its canonical function call. */
export function wrapCustomInput(input: string): string {
  return JSON.stringify({ input });
}

/**
 * The arguments of a canonical call to a custom tool → the tool's text. A model that ignored the
 * schema still gets its output through: arguments that are not `{"input": "..."}` are the text.
 */
export function unwrapCustomInput(argumentsText: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsText);
  } catch {
    return argumentsText;
  }
  const input = isJsonObject(parsed) ? parsed['input'] : undefined;
  return typeof input === 'string' ? input : argumentsText;
}
