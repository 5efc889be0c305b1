import type { JsonObject, Usage } from '../../core/chat.js';
import { encodeResponsesUsage } from './encode-responses-usage.js';

/** Why a response stopped early; `incomplete_details.reason`. */
export type IncompleteReason = 'max_output_tokens' | 'content_filter';

/** What the gateway knows about a response when it writes one. */
export interface ResponseObjectFields {
  /** `resp_…`. */
  id: string;
  /** Unix seconds. */
  createdAt: number;
  model: string;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  /** Finished output items in `output_index` order. */
  output: JsonObject[];
  /** Absent while streaming, or when the provider reported none. */
  usage?: Usage;
  /** Set with status `incomplete`. */
  incompleteReason?: IncompleteReason;
  /** Set with status `failed`: the error's code and message. */
  error?: { code: string; message: string };
}

/**
 * The `response` object. The request settings OpenAI echoes back (`instructions`, `tools`,
 * `tool_choice`, `temperature`, `top_p`, `metadata`) are not known to the encoder, so they get
 * neutral values; clients read `output`, `status` and `usage`. `store` is false: nothing is kept.
 */
export function buildResponseObject(fields: ResponseObjectFields): JsonObject {
  const body: JsonObject = {
    id: fields.id,
    object: 'response',
    created_at: fields.createdAt,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteReason === undefined ? null : { reason: fields.incompleteReason },
    instructions: null,
    metadata: null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: true,
    previous_response_id: null,
    store: false,
    temperature: null,
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    usage: fields.usage === undefined ? null : encodeResponsesUsage(fields.usage),
  };
  if (fields.status === 'completed') body['completed_at'] = Math.floor(Date.now() / 1000);
  return body;
}
