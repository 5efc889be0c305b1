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
    await Promise.all(
      this.nodes.map(async (node) => {
        const ok = await probeNode(node, path, timeoutMs, this.stopper.signal);
        if (!this.stopper.signal.aborted) node.health.recordProbe(ok);
      }),
    );
    if (this.stopper.signal.aborted) return;
    this.timer = setTimeout(() => void this.round(), intervalMs);
    this.timer.unref();
  }
}
