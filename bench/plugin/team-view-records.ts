/**
 * The team view benchmarks' data (bench/plugin/team-view.ts in jsdom, team-view-browser.ts in Chromium):
 * 1,000 paused conversations across 50 agents and 5 queues, each with a reason and an unread count, the
 * worst case of issue 18 part 4.
 */
import type { TeamPausedRow } from '../../src/backend/client';

export const ROWS = 1000;
export const AGENTS = 50;
export const TARGET_MS = 100;
/** The clock the badges are drawn at. */
export const BENCH_NOW = Date.parse('2030-01-01T00:00:00.000Z');

const hex = (n: number, prefix: string) => `${prefix}${n.toString(16).padStart(32, '0')}`;

export function teamViewRecords(now = BENCH_NOW): TeamPausedRow[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    taskSid: hex(i, 'WT'),
    pausedBy: hex(i % AGENTS, 'WK'),
    agentName: `Agent ${i % AGENTS}`,
    pausedAt: new Date(now - i * 60_000).toISOString(),
    reassignAt: new Date(now + (i + 1) * 3_600_000).toISOString(),
    deadlineSource: 'twilio' as const,
    interactionSid: hex(i, 'KD'),
    channelSid: hex(i, 'UO'),
    conversationSid: hex(i, 'CH'),
    taskChannel: i % 2 ? 'sms' : 'chat',
    customer: `Customer ${i}`,
    queueSid: hex(i % 5, 'WQ'),
    queueName: `Queue ${i % 5}`,
    unread: { count: i % 4, lastMessageAt: new Date(now).toISOString(), preview: 'Hello?' },
    reason: { code: 'lunch', label: { en: 'Lunch', es: 'Comida' } },
  }));
}

export function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export function figures(samples: number[]): { medianMs: number; p95Ms: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
}
