import { randomBytes } from 'node:crypto';
import { fetchFlexConfiguration, leavePauseOf, parseLeavePause } from '../../lib/settings';
import type { TwilioClient } from '../../lib/twilio-client';
import { BEHAVIOUR_IDS, type Line } from './behaviours';
import { lineOf, messageOf } from './lines';
import type { JoinMethod, LiveCheckOptions } from './options';
import { probeStatuses, PROBE_REFUSED_MESSAGE } from './probe';
import {
  findRunStrays,
  LIVE_CHECK_PREFIX,
  Registry,
  removeCreated,
  type Created,
  type Removal,
} from './resources';
import { inviteWhilePaused } from './walk/invite-while-paused';
import { walkMainPath } from './walk/main-path';
import { Walk } from './walk/walk';

/*
 * The live check's entry: the probe (probe.ts), the walk on throwaway resources (walk/), their removal
 * (resources.ts), and the report. The parts other code names are exported from here.
 */
export type { JoinMethod, LiveCheckOptions } from './options';
export { ONLY_INVITE_WHILE_PAUSED } from './options';
export { PROBE_CONTROL_STATUS, PROBE_REF, PROBE_REFUSED_MESSAGE, probeStatuses } from './probe';
export { refusalLine } from './walk/after-leave';
export { LIVE_CHECK_REASON } from './walk/insights';

export interface LiveCheckReport {
  runId: string;
  prefix: string;
  startedAt: string;
  finishedAt: string;
  workspaceSid: string;
  /** How the test worker was brought into the conversation (documented operations only). */
  joinedThrough: JoinMethod[];
  /** Why the walk stopped before its end, if it did. */
  stopped: string | null;
  /** Warnings about the account seen on the way. */
  notes: string[];
  lines: Line[];
  created: Created[];
  cleanup: Removal[];
}

/**
 * `npm run doctor -- --live`: the non-destructive probe, then the walk on throwaway resources, then their
 * removal (also after a failure or an abort). Every behaviour gets one line, `could not tell` when not reached.
 */
export async function runLiveCheck(
  client: TwilioClient,
  options: LiveCheckOptions = {},
): Promise<LiveCheckReport> {
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const startedAt = new Date().toISOString();
  const configuration = await fetchFlexConfiguration(client);
  const workspaceSid =
    options.workspaceSid ??
    (typeof configuration.taskrouter_workspace_sid === 'string'
      ? configuration.taskrouter_workspace_sid
      : '');
  if (!/^WS[0-9a-fA-F]{32}$/.test(workspaceSid))
    throw new Error('the Flex configuration names no TaskRouter workspace: pass --workspace WS…');
  const report: LiveCheckReport = {
    runId,
    prefix: `${LIVE_CHECK_PREFIX}-${runId}`,
    startedAt,
    finishedAt: '',
    workspaceSid,
    joinedThrough: [],
    stopped: null,
    notes: [],
    lines: [],
    created: [],
    cleanup: [],
  };
  const emit = (line: Line) => {
    report.lines.push(line);
    options.onLine?.(line);
  };
  // The same settings shape the Functions read, from the same place.
  const settings = parseLeavePause(leavePauseOf(configuration)).config;

  // One step only: the probe is not needed (the step's own pause says whether the channel moves).
  if (!options.only) for (const line of await probeStatuses(client)) emit(line);
  if (report.lines.some((line) => line.verdict === 'fails')) {
    report.stopped = PROBE_REFUSED_MESSAGE;
  } else {
    const registry = new Registry(workspaceSid);
    const walk = new Walk(client, registry, settings, runId, options, emit);
    try {
      if (options.only) {
        // \`only: 'invite-while-paused'\`: the test worker's own routing, then that one step.
        await walk.createRouting();
        await inviteWhilePaused(walk);
      } else await walkMainPath(walk);
    } catch (error) {
      report.stopped = messageOf(error);
    } finally {
      report.joinedThrough = walk.joinedThrough;
      report.notes = walk.notes;
      report.created = [...registry.created];
      // What Twilio made although its answer was lost joins the registry first, so one ordered pass removes
      // all (a stray workflow would otherwise keep the queue it routes to).
      const strays = await findRunStrays(client, registry, report.prefix, walk.conversationNames).catch(
        () => null,
      );
      if (!strays)
        report.notes.push(`could not look for strays of ${report.prefix}: run npm run doctor -- --cleanup`);
      for (const stray of strays?.created ?? []) registry.add(stray.kind, stray.sid, stray.name);
      report.cleanup = await removeCreated(client, registry);
    }
  }
  for (const id of BEHAVIOUR_IDS) {
    if (report.lines.some((line) => line.id === id)) continue;
    if (options.only && id !== options.only)
      emit(lineOf(id, 'skipped', `not walked: this run walked only ${options.only}`));
    else emit(lineOf(id, 'could not tell', 'not reached: the check stopped (the reason follows the lines)'));
  }
  report.finishedAt = new Date().toISOString();
  return report;
}
