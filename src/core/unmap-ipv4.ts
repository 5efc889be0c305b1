/**
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d, how dual-stack sockets report IPv4 peers) as its
 * IPv4 address; any other input unchanged. Upstreams and IP lists expect the IPv4 form.
 */
export function unmapIpv4(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped?.[1] ?? ip;
}
