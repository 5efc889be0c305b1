import type { Logger } from '../telemetry/create-logger.js';

/** Runs one shutdown step; a failure is logged, never thrown (the next steps must still run). */
export async function closeQuietly(
  logger: Logger,
  name: string,
  step: () => Promise<void> | void,
): Promise<void> {
  try {
    await step();
  } catch (error) {
    logger.error({ err: error }, `shutdown: closing the ${name} failed`);
  }
}
