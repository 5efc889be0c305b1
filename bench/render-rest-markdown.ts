import type { PairedRatio } from './bench-result.js';
import type { RestRows, RestScenarioResult } from './rest-scenario.js';

const order = ['nginx', 'bare-proxy', 'bare-stream', 'portico'] as const;
const labels: Record<string, string> = {
  nginx: 'nginx',
  'bare-proxy': 'bare proxy (reference)',
  'bare-stream': 'bare-stream',
  portico: 'Portico (key, limits, call log)',
};

/** The REST rows of the bench table (scenario "rest", bench/rest-scenario.ts). */
export function renderRestMarkdown(result: RestScenarioResult): string {
  const present = order.filter((name) => result.smallJson[name] !== undefined);
  const cell = (rows: RestRows, name: string, field: string): string => {
    const value = rows[name]?.[field];
    return value === undefined || value === null ? '—' : String(value);
  };
  const row = (title: string, rows: RestRows, field: string): string =>
    `| ${title} | ${present.map((name) => cell(rows, name, field)).join(' | ')} |`;
  const big = result.stream100Mb;
  return [
    `### REST services (scenario "rest", ${result.date.slice(0, 16).replace('T', ' ')}Z)`,
    '',
    `${result.settings.rounds} rounds × ${result.settings.secondsPerRun} s of a small JSON GET (about 300 bytes) at ` +
      `${result.settings.smallConnections} connections, the targets taking turns; then 1 MB downloads and uploads at ` +
      `${result.settings.bulkConnections} connections; ${result.pinning}. Portico serves a published REST service with ` +
      'API-key auth, request limits on tenant, app and service, and the call log; the others proxy the same fake.',
    '',
    `| Figure | ${present.map((name) => labels[name] ?? name).join(' | ')} |`,
    `|---|${present.map(() => '--:').join('|')}|`,
    row('small GET: req/s', result.smallJson, 'requestsPerSecond'),
    row('small GET: CPU µs/req', result.smallJson, 'cpuUsPerRequest'),
    row('small GET: p50 ms', result.smallJson, 'p50Ms'),
    row('small GET: p99 ms', result.smallJson, 'p99Ms'),
    row('small GET: errors', result.smallJson, 'non2xx'),
    row('1 MB download: MB/s', result.download1Mb, 'megabytesPerSecond'),
    row('1 MB download: CPU ms/MB', result.download1Mb, 'cpuMsPerMegabyte'),
    row('1 MB upload: MB/s', result.upload1Mb, 'megabytesPerSecond'),
    row('1 MB upload: CPU ms/MB', result.upload1Mb, 'cpuMsPerMegabyte'),
    `| peak RSS MB | ${present.map((name) => String(result.peakRssMb[name] ?? '—')).join(' | ')} |`,
    '',
    `- CPU per request, Portico ÷ bare proxy: ${ratio(result.ratiosToBareProxy.cpuPerRequest['portico'])} ` +
      `(target at most ×1.2: ${result.targets.cpuPerRequestAtMost1_2xBareProxy ? 'met' : 'missed'}); ` +
      `nginx ÷ bare proxy: ${ratio(result.ratiosToBareProxy.cpuPerRequest['nginx'])}.`,
    `- p99, Portico ÷ bare proxy: ${ratio(result.ratiosToBareProxy.p99['portico'])}.`,
    `- ${result.settings.bigMb} MB through Portico, one stream: download ${big.download.megabytesPerSecond} MB/s, RSS ` +
      `${big.download.rssBeforeMb} → peak ${big.download.rssPeakMb} MB (+${big.download.rssGrowthMb}); upload ` +
      `${big.upload.megabytesPerSecond} MB/s, RSS ${big.upload.rssBeforeMb} → peak ${big.upload.rssPeakMb} MB ` +
      `(+${big.upload.rssGrowthMb}); target growth under 20 MB: ${result.targets.rssGrowthUnder20MbWhileStreaming ? 'met' : 'missed'}.`,
    `- Call log after the run: ${result.callLog.rows} rows (${result.callLog.ok} with status 200).`,
    `- Host: ${result.host.disturbed ? `DISTURBED (${result.host.reasons.join('; ')})` : 'quiet by its checks'}.`,
    '',
  ].join('\n');
}

function ratio(value: PairedRatio | null | undefined): string {
  return value === null || value === undefined ? '—' : `×${value.median} (${value.min}–${value.max})`;
}
