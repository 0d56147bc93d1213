/** Team view (issue 18 part 4): `leavePause.returnToQueue`, on only with the evidence of a live check. */
import { RETURN_TO_QUEUE_LINE, type ReturnToQueueSetting } from './shape';
import { describe, isDict } from './value-checks';

/** Team view (issue 18 part 4): why Return to the queue is hidden, or null when it may be offered. */
export function returnToQueueHiddenBecause(setting: ReturnToQueueSetting): string | null {
  if (setting.enabled && setting.evidence) return null;
  return (
    'Return to the queue is hidden: it rests on Twilio accepting an invite on a paused channel, which Twilio ' +
    `does not document. Run npm run doctor -- --live on a test account; where its line ${RETURN_TO_QUEUE_LINE} ` +
    'holds, turn it on with npm run configure -- --file <settings.json> --live-report <report.json> ' +
    '(settings with "returnToQueue": {"enabled": true}).'
  );
}

export function parseReturnToQueue(raw: unknown, problems: string[]): ReturnToQueueSetting {
  const off: ReturnToQueueSetting = { enabled: false, evidence: null };
  if (raw === undefined) return off;
  if (!isDict(raw) || (raw.enabled !== undefined && typeof raw.enabled !== 'boolean')) {
    problems.push(
      `leavePause.returnToQueue must be an object like { "enabled": true }, got ${describe(raw)}; Return to ` +
        'the queue is hidden.',
    );
    return off;
  }
  if (raw.enabled !== true) return off;
  const evidence = raw.evidence;
  const valid =
    isDict(evidence) &&
    evidence.liveCheck === RETURN_TO_QUEUE_LINE &&
    typeof evidence.runId === 'string' &&
    evidence.runId !== '' &&
    typeof evidence.checkedAt === 'string' &&
    Number.isFinite(Date.parse(evidence.checkedAt));
  if (!valid) {
    problems.push(
      'leavePause.returnToQueue.enabled is true without the evidence of a live check: Return to the queue is ' +
        'hidden. Turn it on with npm run configure -- --file <settings.json> --live-report <report.json>, from ' +
        `a live check where ${RETURN_TO_QUEUE_LINE} holds.`,
    );
    return off;
  }
  return {
    enabled: true,
    evidence: {
      liveCheck: RETURN_TO_QUEUE_LINE,
      runId: String(evidence.runId),
      checkedAt: String(evidence.checkedAt),
    },
  };
}
