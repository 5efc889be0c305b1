/**
 * How a canonical tool call goes back to a Responses client: as the kind of tool the request
 * declared. `custom` tools answer with `custom_tool_call` items, `local_shell` with
 * `local_shell_call` items; every other tool is a function and answers with `function_call`.
 */
export type ToolCallKind = 'custom' | 'local_shell';

/** Canonical tool name → its kind, for the tools of one request that are not plain functions. */
export type ToolKinds = ReadonlyMap<string, ToolCallKind>;

/** The kinds of a request whose tools are all functions (or that has none). */
export const functionToolsOnly: ToolKinds = new Map();
