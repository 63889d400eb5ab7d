// The serving ceiling: a bare Node HTTP server answering every request with the same 8 KB body.
import { createServer } from 'node:http';

const body = Buffer.alloc(8192, 120);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
