import { probeNode } from './probe-node.js';
import type { UpstreamNode } from './upstream-node.js';
import type { ActiveCheckSettings } from './upstream-settings.js';

/**
 * Probes every node now and then every `intervalMs` after the previous round ended (rounds
 * never overlap). Its timer is unref'd: health checks never keep the process alive.
 */
export class ActiveHealthChecker {
  private readonly stopper = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly nodes: readonly UpstreamNode[],
    private readonly settings: ActiveCheckSettings,
  ) {
    void this.round();
  }

  stop(): void {
    this.stopper.abort();
    clearTimeout(this.timer);
  }

  private async round(): Promise<void> {
    const { path, timeoutMs, intervalMs } = this.settings;
    // One signal per round, ended by its timeout or by stop(); AbortSignal.any() on the
    // long-lived stop signal would pile up listeners on Node 20.
    const round = new AbortController();
    const end = (): void => round.abort();
    this.stopper.signal.addEventListener('abort', end);
    const deadline = setTimeout(end, timeoutMs);
    deadline.unref();
    try {
      await Promise.all(
        this.nodes.map(async (node) => {
          const ok = await probeNode(node, path, timeoutMs, round.signal);
          if (!this.stopper.signal.aborted) node.health.recordProbe(ok);
        }),
      );
    } finally {
      clearTimeout(deadline);
      this.stopper.signal.removeEventListener('abort', end);
    }
    if (this.stopper.signal.aborted) return;
    this.timer = setTimeout(() => void this.round(), intervalMs);
    this.timer.unref();
  }
}
