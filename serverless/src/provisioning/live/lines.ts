/** The live check's verdict lines and the small readings of an answer every step shares. */
import { BEHAVIOURS, type BehaviourId, type Line, type Verdict } from './behaviours';
import { ok, type Exchange } from './exchange';

/** A step that cannot go on (a create Twilio refused): the walk stops, and what exists is removed. */
export class StepFailed extends Error {}

export function lineOf(
  id: BehaviourId,
  verdict: Verdict,
  detail: string,
  exchanges: (Exchange | undefined)[] = [],
  fields: Record<string, unknown> = {},
): Line {
  return {
    id,
    title: BEHAVIOURS[id],
    verdict,
    detail,
    evidence: exchanges
      .filter((x): x is Exchange => x !== undefined)
      .map(({ method, path, status, errorCode }) => ({ method, path, status, errorCode })),
    fields,
  };
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a channel change's answer said: HTTP status, Twilio's error code, and the channel status of a 2xx body. */
export function answerFields(x: Exchange): Record<string, unknown> {
  return { http_status: x.status, error_code: x.errorCode, answer_status: ok(x) ? x.body.status : null };
}

/** The answer says the change failed although its HTTP status is 2xx (the spec's own examples do this). */
export const failedIn2xx = (x: Exchange) => ok(x) && (x.body.status === 'failed' || x.errorCode !== null);
