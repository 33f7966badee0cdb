/**
 * The client's address as TRUST_PROXY allows it to be known: the TCP peer, unless that peer is a trusted proxy,
 * in which case X-Forwarded-For is walked back over trusted hops only (proxy-addr, the resolver Express uses,
 * with Express's meaning of the setting: addresses / CIDRs / names like `loopback`, or a hop count).
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { Config } from '../config';

export type ClientAddress = (req: IncomingMessage) => string | null;

export function clientAddress(trustProxy: Config['trustProxy']): ClientAddress {
  if (trustProxy === false) return (req) => req.socket.remoteAddress ?? null;
  const trust: (address: string, hop: number) => boolean =
    typeof trustProxy === 'number' ? (_address, hop) => hop < trustProxy : proxyAddr.compile(trustProxy);
  return (req) => (req.socket.remoteAddress === undefined ? null : proxyAddr(req, trust));
}
