/** `http://host:port` of the data plane as a client on this machine reaches it (a wildcard bind → loopback). */
export function dataPlaneOrigin(host: string, port: number): string {
  const local = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${local.includes(':') ? `[${local}]` : local}:${port}`;
}
