import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The proxy's own metrics. Labels carry the bot's user id (never its token) and route templates. */
export interface ProxyMetrics {
  requests: Counter<'bot' | 'method' | 'route' | 'status' | 'source'>;
  queueWait: Histogram<'bot'>;
  upstream: Histogram<'bot' | 'method' | 'route'>;
  total: Histogram<'bot' | 'method' | 'route'>;
  queueDepth: Gauge<'bot'>;
  rateLimitHits: Counter<'bot' | 'scope'>;
  rateLimitWaits: Counter<'bot' | 'scope'>;
  globalRemaining: Gauge<'bot'>;
  invalidRequests: Gauge;
  invalidRequestsTotal: Counter<'bot' | 'status'>;
  refused: Counter<'bot' | 'reason'>;
  retries: Counter<'bot' | 'reason'>;
  redisFallback: Gauge;
}

/** `invalidCount` is read at each scrape, so the 10-minute count falls as the window slides. */
export function createProxyMetrics(registry: Registry, invalidCount?: () => Promise<number>): ProxyMetrics {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'rest_proxy_requests_total',
      help: 'Requests answered, by bot, method, route template, status and who answered (discord or proxy)',
      labelNames: ['bot', 'method', 'route', 'status', 'source'],
      registers,
    }),
    queueWait: new Histogram({
      name: 'rest_proxy_queue_wait_seconds',
      help: 'Time a request waited for its rate limits before being sent',
      labelNames: ['bot'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    upstream: new Histogram({
      name: 'rest_proxy_upstream_duration_seconds',
      help: "Time from sending to Discord to its answer's headers",
      labelNames: ['bot', 'method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    total: new Histogram({
      name: 'rest_proxy_request_duration_seconds',
      help: 'Time from receiving a request to answering it, queue and retries included',
      labelNames: ['bot', 'method', 'route'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'rest_proxy_queue_depth',
      help: 'Requests waiting for their rate limits',
      labelNames: ['bot'],
      registers,
    }),
    rateLimitHits: new Counter({
      name: 'rest_proxy_rate_limit_hits_total',
      help: '429 answers from Discord, by scope (user, global, shared)',
      labelNames: ['bot', 'scope'],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'rest_proxy_rate_limit_waits_total',
      help: 'Times a request had to wait for a limit before being sent, by scope (bucket, global)',
      labelNames: ['bot', 'scope'],
      registers,
    }),
    globalRemaining: new Gauge({
      name: 'rest_proxy_global_tokens_remaining',
      help: "Requests left in the bot's global limit, as of its last reservation",
      labelNames: ['bot'],
      registers,
    }),
    invalidRequests: new Gauge({
      name: 'rest_proxy_invalid_requests',
      help: 'Invalid requests (401, 403, non-shared 429) in the last 10 minutes',
      registers,
      async collect() {
        if (invalidCount) this.set(await invalidCount());
      },
    }),
    invalidRequestsTotal: new Counter({
      name: 'rest_proxy_invalid_requests_total',
      help: 'Invalid requests (401, 403, non-shared 429) by bot and status',
      labelNames: ['bot', 'status'],
      registers,
    }),
    refused: new Counter({
      name: 'rest_proxy_refused_total',
      help: 'Requests the proxy answered itself without reaching Discord, by reason',
      labelNames: ['bot', 'reason'],
      registers,
    }),
    retries: new Counter({
      name: 'rest_proxy_retries_total',
      help: 'Requests sent again, by reason (429, 5xx, timeout, network)',
      labelNames: ['bot', 'reason'],
      registers,
    }),
    redisFallback: new Gauge({
      name: 'rest_proxy_redis_fallback',
      help: '1 while Redis is unavailable and the limits are kept with this replica’s share, else 0',
      registers,
    }),
  };
}
