import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Counts of what Portico's access log recorded. */
export interface AccessLogSummary {
  /** Responses per HTTP status (499: the client left). */
  statuses: Record<string, number>;
  /** Requests per Portico error code (docs/errors.md). */
  errorCodes: Record<string, number>;
}

/** Reads Portico's JSON log lines and counts statuses and error codes of the `request` lines. */
export async function summarizeAccessLog(file: string): Promise<AccessLogSummary> {
  const summary: AccessLogSummary = { statuses: {}, errorCodes: {} };
  const count = (table: Record<string, number>, key: string): void => {
    table[key] = (table[key] ?? 0) + 1;
  };
  // A regex per line instead of JSON.parse: the log of a run holds about a million lines.
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line.includes('"msg":"request"')) continue;
    const status = /"status":(\d+)/.exec(line)?.[1];
    if (status !== undefined) count(summary.statuses, status);
    const code = /"errorCode":"([^"]+)"/.exec(line)?.[1];
    if (code !== undefined) count(summary.errorCodes, code);
  }
  return summary;
}
