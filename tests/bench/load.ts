// A child process of the benchmarks: `concurrency` clients request the given paths in turn for a
// fixed time over keep-alive connections; reports requests/s and latency percentiles.
// Usage: node load.ts --base URL --paths FILE --concurrency 32 --seconds 10
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { base: { type: 'string' }, paths: { type: 'string' }, concurrency: { type: 'string', default: '32' }, seconds: { type: 'string', default: '10' }, cookie: { type: 'string', default: '' } } });
const base = new URL(values.base!);
const paths = readFileSync(values.paths!, 'utf8').split('\n').filter(Boolean);
const concurrency = Number(values.concurrency);
const until = performance.now() + Number(values.seconds) * 1000;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const latencies: number[] = [];
let errors = 0;
let bytes = 0;
let next = 0;

function once(path: string): Promise<void> {
  return new Promise((done) => {
    const t0 = performance.now();
    const req = request({ host: base.hostname, port: base.port, path, agent, headers: { 'Accept-Encoding': 'gzip', ...(values.cookie ? { cookie: values.cookie } : {}) } }, (res) => {
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        if (res.statusCode !== 200 && res.statusCode !== 204) errors++;
        latencies.push(performance.now() - t0);
        done();
      });
    });
    req.on('error', () => {
      errors++;
      done();
    });
    req.end();
  });
}

async function client() {
  while (performance.now() < until) await once(paths[next++ % paths.length]!);
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, client));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2));
console.log(JSON.stringify({ requests: latencies.length, rps: Math.round(latencies.length / seconds), p50: pct(0.5), p99: pct(0.99), errors, mbPerSecond: Number((bytes / seconds / 1e6).toFixed(1)) }));
agent.destroy();
