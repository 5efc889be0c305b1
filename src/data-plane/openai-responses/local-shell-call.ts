import type { JsonObject, ToolDefinition } from '../../core/chat.js';
import { isJsonObject } from '../../core/json-guards.js';

/** The canonical function the `local_shell` tool becomes; calls to it come back as `local_shell_call`. */
export const localShellToolName = 'local_shell';

/**
 * OpenAI's `local_shell` tool has no schema in the request (its models know it), so Portico gives
 * other models one. https://platform.openai.com/docs/guides/tools-local-shell
 */
export const localShellTool: ToolDefinition = {
  name: localShellToolName,
  description: "Runs a command on the user's machine and returns its output.",
  parameters: {
    type: 'object',
    properties: {
      command: {
        type: 'array',
        items: { type: 'string' },
        description: 'The program and its arguments, e.g. ["bash", "-lc", "ls -la"].',
      },
      workdir: { type: 'string', description: 'The working directory to run the command in.' },
      timeout_ms: { type: 'integer', description: 'How long the command may run, in milliseconds.' },
    },
    required: ['command'],
  },
};

/** A `local_shell_call` item's `action` (validated) → the arguments of the canonical call. */
export function localShellArguments(action: JsonObject): string {
  const { command, working_directory: workdir, timeout_ms: timeout } = action;
  return JSON.stringify({
    command,
    ...(typeof workdir === 'string' ? { workdir } : {}),
    ...(typeof timeout === 'number' ? { timeout_ms: timeout } : {}),
  });
}

/**
 * The arguments of a canonical `local_shell` call → a `local_shell_call` action, in the shape
 * OpenAI writes it (every field present). Undefined when the model did not write a command list.
 */
export function localShellAction(argumentsText: string): JsonObject | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(argumentsText);
  } catch {
    return undefined;
  }
  if (!isJsonObject(parsed)) return undefined;
  const { command, workdir, timeout_ms: timeout } = parsed;
  if (!Array.isArray(command) || !command.every((part) => typeof part === 'string')) return undefined;
  return {
    type: 'exec',
    command,
    env: {},
    timeout_ms: typeof timeout === 'number' && Number.isInteger(timeout) ? timeout : null,
    user: null,
    working_directory: typeof workdir === 'string' ? workdir : null,
  };
}
