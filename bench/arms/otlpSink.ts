/**
 * A tiny OTLP/HTTP trace sink for the facade's tracing arm (F1): answers 200 to every POST /v1/traces and throws
 * the body away, so the arm measures what producing and exporting spans costs the facade, not a collector.
 * GET /count tells how many exports and bytes arrived: the scenario's proof that spans were really exported.
 */
import http from 'node:http';

const port = Number(process.argv[2]);
let exports = 0;
let bytes = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/v1/traces') {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => {
      exports += 1;
      // An empty ExportTraceServiceResponse: full success, in protobuf (the exporter's default) as in JSON.
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
    });
    return;
  }
  if (req.method === 'GET' && req.url === '/count') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ exports, bytes }));
    return;
  }
  res.writeHead(404).end();
});

server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`otlp sink http://127.0.0.1:${port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
