/**
 * The URI parser of engine.io-client (which socket.io-client uses too), in the widget's bundle
 * (vite.config.ts), by the platform's URL: the same fields, for the absolute http(s) and ws(s)
 * URLs the widget connects to, without the long regular expression written for platforms that had
 * no URL. A string without a scheme (a bare host) is read as http.
 */
export interface ParsedUri {
  source: string;
  protocol: string;
  host: string;
  port: string;
  path: string;
  query: string;
  queryKey: Record<string, string>;
}

export function parse(uri: string): ParsedUri {
  const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? uri : `http://${uri}`);
  const query = url.search.slice(1);
  return {
    source: uri,
    protocol: url.protocol.slice(0, -1),
    // IPv6 without its brackets, as socket.io-client adds them back.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    path: url.pathname,
    query,
    queryKey: Object.fromEntries(new URLSearchParams(query)),
  };
}
