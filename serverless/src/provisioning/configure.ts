import { RETURN_TO_QUEUE_LINE } from '../../../src/config';
import { fetchFlexConfiguration, parseLeavePause } from '../lib/settings';
import type { TwilioClient } from '../lib/twilio-client';

export interface ConfigureResult {
  /** What `ui_attributes.custom_data.leavePause` held before (undefined when unset). */
  previous: unknown;
  /** What it holds now. */
  current: Record<string, unknown>;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Writes the admin's settings into the one place the plugin and the Functions read them,
 * `ui_attributes.custom_data.leavePause` of the Flex configuration. The settings are checked first with the
 * parser both read them with, so a typo is refused here instead of silently turning a feature off for every
 * agent, and so is a key that is no longer read (`leave.routing`), which would only mislead. Everything else
 * in `ui_attributes` (other plugins' `custom_data`, Flex's own keys) is read and written back unchanged: the
 * update merges, it never overwrites what others stored.
 */
/** What configure reads of a live check's report (`npm run doctor -- --live --report …`). */
export interface LiveReportEvidence {
  runId?: unknown;
  finishedAt?: unknown;
  lines?: unknown;
}

/**
 * Team view (issue 18 part 4): Return to the queue is turned on only here, and only from a live report in which
 * the `invite-while-paused` line holds; the report's run and time are stamped into the settings as evidence
 * (whatever evidence the file carried is replaced). `enabled: false` or no `returnToQueue` needs no report.
 */
export function withReturnToQueueEvidence(
  settings: Record<string, unknown>,
  report: LiveReportEvidence | undefined,
): Record<string, unknown> {
  const wanted = asObject(settings.returnToQueue);
  if (wanted.enabled !== true) return settings;
  const refuse = (why: string) =>
    new Error(
      `returnToQueue.enabled is true but ${why}, nothing was written: run npm run doctor -- --live --report ` +
        `<report.json> on a test account of this contact centre and pass --live-report <report.json>.`,
    );
  if (!report) throw refuse('no live report was given (--live-report)');
  const lines = Array.isArray(report.lines) ? (report.lines as unknown[]).map(asObject) : [];
  const line = lines.find((candidate) => candidate.id === RETURN_TO_QUEUE_LINE);
  if (!line || line.verdict !== 'holds') {
    throw refuse(
      `the live report's ${RETURN_TO_QUEUE_LINE} line ${line ? `says "${String(line.verdict)}": ${String(line.detail)}` : 'is missing'}`,
    );
  }
  if (typeof report.runId !== 'string' || typeof report.finishedAt !== 'string')
    throw refuse('the live report has no run id or time');
  return {
    ...settings,
    returnToQueue: {
      enabled: true,
      evidence: { liveCheck: RETURN_TO_QUEUE_LINE, runId: report.runId, checkedAt: report.finishedAt },
    },
  };
}

export async function configureLeavePause(
  client: TwilioClient,
  requested: Record<string, unknown>,
  liveReport?: LiveReportEvidence,
): Promise<ConfigureResult> {
  const settings = withReturnToQueueEvidence(requested, liveReport);
  const { problems } = parseLeavePause(settings);
  if (problems.length > 0) {
    throw new Error(`these settings need a change, nothing was written:\n- ${problems.join('\n- ')}`);
  }
  const configuration = await fetchFlexConfiguration(client);
  const ui = asObject(configuration.ui_attributes);
  const custom = asObject(ui.custom_data);
  const previous = custom.leavePause;
  const uiAttributes = { ...ui, custom_data: { ...custom, leavePause: settings } };
  await client.flexApi.v1.configuration().update({
    account_sid: typeof configuration.account_sid === 'string' ? configuration.account_sid : undefined,
    ui_attributes: uiAttributes,
  });
  const after = asObject(asObject((await fetchFlexConfiguration(client)).ui_attributes).custom_data);
  return { previous, current: asObject(after.leavePause) };
}
