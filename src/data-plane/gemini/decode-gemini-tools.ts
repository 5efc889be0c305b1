import type { ChatRequest, JsonObject, ToolChoice, ToolDefinition } from '../../core/chat.js';
import { GatewayError } from '../../core/gateway-error.js';
import { isJsonObject } from '../../core/json-guards.js';
import type { GeminiWireTool, GeminiWireToolConfig } from './gemini-request-schema.js';
import { geminiSchemaToJsonSchema } from './gemini-schema-to-json-schema.js';
import { ignoredWarning } from './ignored-warning.js';

/** The canonical tool fields of a request. */
export type ToolSettings = Pick<ChatRequest, 'tools' | 'toolChoice'>;

type Declaration = NonNullable<GeminiWireTool['functionDeclarations']>[number];

/**
 * Gemini `tools[].functionDeclarations` → canonical tools, and `toolConfig.functionCallingConfig`
 * → the tool choice. Gemini's built-in tools (`googleSearch`, `codeExecution`, ...) run inside
 * Gemini and are dropped with a warning. https://ai.google.dev/gemini-api/docs/function-calling
 */
export function decodeGeminiTools(
  tools: GeminiWireTool[] | undefined,
  toolConfig: GeminiWireToolConfig | undefined,
  warnings: string[],
): ToolSettings {
  const settings: ToolSettings = {};
  const definitions: ToolDefinition[] = [];
  const builtIn = new Set<string>();
  (tools ?? []).forEach((tool, index) => {
    for (const key of Object.keys(tool)) if (key !== 'functionDeclarations') builtIn.add(key);
    tool.functionDeclarations?.forEach((declaration, position) => {
      const param = `tools[${index}].functionDeclarations[${position}].name`;
      if (definitions.some((known) => known.name === declaration.name)) {
        throw new GatewayError(
          'invalid_request',
          `Duplicate function name '${declaration.name}' in '${param}'.`,
          {
            param,
          },
        );
      }
      definitions.push(toDefinition(declaration));
    });
  });
  if (builtIn.size > 0) warnings.push(ignoredWarning('tools[].', [...builtIn]));
  if (definitions.length > 0) settings.tools = definitions;
  const choice = decodeToolChoice(toolConfig, warnings);
  if (choice !== undefined) settings.toolChoice = choice;
  return settings;
}

function toDefinition(declaration: Declaration): ToolDefinition {
  const definition: ToolDefinition = { name: declaration.name };
  if (declaration.description !== undefined) definition.description = declaration.description;
  if (isJsonObject(declaration.parametersJsonSchema))
    definition.parameters = declaration.parametersJsonSchema;
  else if (declaration.parameters !== undefined) {
    definition.parameters = geminiSchemaToJsonSchema(declaration.parameters as JsonObject);
  }
  return definition;
}

/** https://ai.google.dev/api/caching#FunctionCallingConfig */
function decodeToolChoice(
  toolConfig: GeminiWireToolConfig | undefined,
  warnings: string[],
): ToolChoice | undefined {
  if (toolConfig === undefined) return undefined;
  const other = Object.keys(toolConfig).filter((key) => key !== 'functionCallingConfig');
  if (other.length > 0) warnings.push(ignoredWarning('toolConfig.', other));
  const config = toolConfig.functionCallingConfig;
  if (config === undefined) return undefined;
  const names = config.allowedFunctionNames ?? [];
  switch (config.mode ?? 'MODE_UNSPECIFIED') {
    case 'MODE_UNSPECIFIED':
    case 'AUTO':
      return 'auto';
    case 'NONE':
      return 'none';
    case 'ANY': {
      const only = names.length === 1 ? names[0] : undefined;
      if (only !== undefined) return { name: only };
      if (names.length > 1)
        warnings.push(ignoredWarning('toolConfig.functionCallingConfig.', ['allowedFunctionNames']));
      return 'required';
    }
    case 'VALIDATED':
      // Schema-checked calls or text: the closest canonical choice lets the model decide.
      warnings.push(ignoredWarning('toolConfig.functionCallingConfig.mode ', ['VALIDATED']));
      return 'auto';
    default:
      throw new GatewayError(
        'invalid_request',
        "Invalid 'toolConfig.functionCallingConfig.mode': must be one of AUTO, ANY, NONE, VALIDATED.",
        { param: 'toolConfig.functionCallingConfig.mode' },
      );
  }
}
