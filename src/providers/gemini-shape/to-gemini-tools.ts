import type { ChatRequest, ToolChoice, ToolDefinition } from '../../core/chat.js';
import type {
  GeminiFunctionDeclaration,
  GeminiGenerateContentRequest,
  GeminiToolConfig,
} from './gemini-wire.js';

/** The `tools` and `toolConfig` fields of a request. */
export type GeminiToolFields = Pick<GeminiGenerateContentRequest, 'tools' | 'toolConfig'>;

/**
 * Canonical tools → one Gemini tool holding every function declaration, and the tool choice →
 * `functionCallingConfig`. https://ai.google.dev/gemini-api/docs/function-calling
 */
export function toGeminiTools(request: ChatRequest, warnings: string[]): GeminiToolFields {
  const fields: GeminiToolFields = {};
  const tools = request.tools ?? [];
  if (tools.length > 0) {
    fields.tools = [{ functionDeclarations: tools.map(toDeclaration) }];
    if (request.toolChoice !== undefined) fields.toolConfig = toToolConfig(request.toolChoice);
  }
  if (request.parallelToolCalls === false) {
    warnings.push('parallel_tool_calls=false is not supported by gemini; ignored');
  }
  return fields;
}

function toDeclaration(tool: ToolDefinition): GeminiFunctionDeclaration {
  const declaration: GeminiFunctionDeclaration = { name: tool.name };
  if (tool.description !== undefined) declaration.description = tool.description;
  // `parametersJsonSchema` takes plain JSON Schema; `parameters` only an OpenAPI subset.
  if (tool.parameters !== undefined) declaration.parametersJsonSchema = tool.parameters;
  return declaration;
}

function toToolConfig(choice: ToolChoice): GeminiToolConfig {
  switch (choice) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    default:
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}
