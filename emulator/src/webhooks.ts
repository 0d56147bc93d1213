import { createHmac } from 'crypto';
import * as http from 'http';
import * as https from 'https';

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

export interface Delivery {
  url: string;
  eventType: string;
  status: number | null;
  attempts: number;
  error: string | null;
  /** Simulated-clock time at which the event happened. */
  at: string;
  params: Record<string, string>;
}

const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      { method: 'POST', headers: { ...headers, 'Content-Length': Buffer.byteLength(body).toString() } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Sequential, signed, form-encoded webhook delivery. Events are queued by the code that caused them and
 * sent later so a request never waits for its own callbacks, and in order so consumers see Twilio's order.
 */
export class DeliveryQueue {
  readonly log: Delivery[] = [];
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private generation = 0;

  constructor(private readonly getAuthToken: () => string) {}

  enqueue(url: string, eventType: string, params: Record<string, string>, at: string): Delivery {
    const delivery: Delivery = { url, eventType, status: null, attempts: 0, error: null, at, params };
    this.log.push(delivery);
    this.inFlight++;
    const gen = this.generation;
    this.chain = this.chain
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => (gen === this.generation ? this.send(delivery) : undefined))
      .finally(() => {
        this.inFlight--;
      });
    return delivery;
  }

  private async send(d: Delivery): Promise<void> {
    const body = new URLSearchParams(d.params).toString();
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(this.getAuthToken(), d.url, d.params),
      'User-Agent': 'TwilioProxy/1.1 (emulator)',
    };
    while (d.attempts < MAX_ATTEMPTS) {
      d.attempts++;
      try {
        d.status = await post(d.url, body, headers);
        d.error = null;
        return;
      } catch (err) {
        d.error = err instanceof Error ? err.message : String(err);
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
      }
    }
  }

  busy(): boolean {
    return this.inFlight > 0;
  }

  async idle(): Promise<void> {
    while (this.inFlight > 0) await this.chain;
  }

  /** Drops queued deliveries that have not started (used by reset). */
  clear(): void {
    this.generation++;
    this.log.length = 0;
  }
}
