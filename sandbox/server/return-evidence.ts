/**
 * Return to the queue in the sandbox (issue 18 parts 4 and 5). The team view offers it only with evidence from a
 * live check in which `invite-while-paused` held, stamped into the settings by `npm run configure --
 * --live-report`. The sandbox gets that evidence the way an admin does, only from its emulator: it runs the live
 * check's `invite-while-paused` step (runLiveCheck, `only`) against the emulator and hands the report to the very
 * function configure uses (configureLeavePause, which refuses a report where the line does not hold). Nothing is
 * stamped by hand; the page says the evidence comes from the emulator, not from Twilio.
 *
 * What the emulator plays for an invite on a paused channel (Twilio does not document it) is its setting
 * `invitesWhilePaused` (emulator/src/facts.ts lists it as an assumption the live check settles): `refused` unless
 * SANDBOX_INVITES_WHILE_PAUSED=routed, and switchable from the demo controls.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../../emulator/src';
import { configureLeavePause } from '../../serverless/src/provisioning/configure';
import { ONLY_INVITE_WHILE_PAUSED, runLiveCheck } from '../../serverless/src/provisioning/live/run';
import { TEAM_ACTIONS_MAP_NAME, type TeamActionRecord } from '../../serverless/src/lib/team';
import type { TwilioClient } from '../../serverless/src/lib/twilio-client';
import { answerRoute, routeFor, type JsonRoutes } from './desk-http';
import {
  parseConfig,
  readHostedConfig,
  RETURN_TO_QUEUE_LINE,
  returnToQueueHiddenBecause,
} from '../../src/config';

type Json = Record<string, unknown>;
export type InvitesWhilePaused = 'refused' | 'routed';

/** The last live-check run the sandbox made against its emulator, as the page shows it. */
export interface SandboxLiveRun {
  runId: string;
  finishedAt: string;
  /** What the emulator played while the step ran. */
  emulatorPlayed: InvitesWhilePaused;
  verdict: string;
  detail: string;
  /** Whether configure took the report (only where the line held). */
  applied: boolean;
}

export interface ReturnToQueueStatus {
  emulatorPlays: InvitesWhilePaused;
  /** The team view offers Return to the queue (the settings carry valid evidence). */
  offered: boolean;
  /** The doctor's sentence when hidden (English, as the doctor prints it); null when offered. */
  hiddenBecause: string | null;
  /** The evidence in the settings, and whether it is one of this sandbox's runs against its emulator. */
  evidence: { runId: string; checkedAt: string; fromEmulator: boolean } | null;
  lastRun: SandboxLiveRun | null;
  running: boolean;
}

/** One supervisor action as the Functions recorded it (Sync map leavePause-team-actions), with names. */
export interface RecordedTeamAction extends TeamActionRecord {
  byName: string;
  agentName: string;
  customerName: string | null;
}

const obj = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};

export function createReturnEvidence(options: {
  emulator: Emulator;
  client: TwilioClient;
  syncServiceSid: string;
  functionsUrl: string;
}) {
  const { emulator, client, syncServiceSid, functionsUrl } = options;
  // The runs this sandbox made: evidence naming one of them came from the emulator.
  const ownRuns = new Set<string>();
  let lastRun: SandboxLiveRun | null = null;
  let running: Promise<unknown> | null = null;

  /** The admin's settings as the Flex configuration holds them now (what configure merges into). */
  const storedLeavePause = (): Json =>
    obj(obj(obj(emulator.flexConfiguration.ui_attributes).custom_data).leavePause);

  function status(): ReturnToQueueStatus {
    const setting = parseConfig(readHostedConfig(emulator.flexConfiguration), { backendUrl: functionsUrl })
      .config.returnToQueue;
    const hiddenBecause = returnToQueueHiddenBecause(setting);
    return {
      emulatorPlays: emulator.settings.invitesWhilePaused,
      offered: hiddenBecause === null,
      hiddenBecause,
      evidence: setting.evidence
        ? {
            runId: setting.evidence.runId,
            checkedAt: setting.evidence.checkedAt,
            fromEmulator: ownRuns.has(setting.evidence.runId),
          }
        : null,
      lastRun,
      running: running !== null,
    };
  }

  /**
   * The admin's two steps: `npm run doctor -- --live` (here its one step, against the emulator), then
   * `npm run configure -- --live-report` with that report. Where the line does not hold, configure would refuse
   * the report: Return to the queue is written off instead (what the doctor asks after a failing run).
   */
  async function checkAndApply(): Promise<void> {
    const emulatorPlayed = emulator.settings.invitesWhilePaused;
    const report = await runLiveCheck(client, {
      only: ONLY_INVITE_WHILE_PAUSED,
      waitSeconds: 10,
      pollMs: 25,
    });
    ownRuns.add(report.runId);
    const line = report.lines.find((candidate) => candidate.id === RETURN_TO_QUEUE_LINE);
    const holds = line?.verdict === 'holds';
    const settings = storedLeavePause();
    await configureLeavePause(
      client,
      { ...settings, returnToQueue: { enabled: holds } },
      holds ? report : undefined,
    );
    lastRun = {
      runId: report.runId,
      finishedAt: report.finishedAt,
      emulatorPlayed,
      verdict: line?.verdict ?? 'could not tell',
      detail: report.stopped ?? line?.detail ?? '',
      applied: holds,
    };
  }

  async function teamActions(): Promise<RecordedTeamAction[]> {
    let items: { data: unknown }[];
    try {
      items = await client.sync.v1
        .services(syncServiceSid)
        .syncMaps(TEAM_ACTIONS_MAP_NAME)
        .syncMapItems.list({ pageSize: 100, limit: 100 });
    } catch (error) {
      // No supervisor has acted yet: the map is made with the first record.
      if (obj(error).status === 404) return [];
      throw error;
    }
    const nameOf = (workerSid: string) => emulator.world.workers.get(workerSid)?.friendlyName ?? workerSid;
    return items
      .map((item) => item.data as TeamActionRecord)
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .map((record) => {
        const task = emulator.world.tasks.get(record.taskSid);
        const customer = task ? obj(JSON.parse(task.attributes)).customerName : undefined;
        return {
          ...record,
          byName: nameOf(record.by),
          agentName: nameOf(record.agent),
          customerName: typeof customer === 'string' ? customer : null,
        };
      });
  }

  const routes: JsonRoutes = {
    'GET /api/admin/return-to-queue': async () => status(),
    'POST /api/admin/return-to-queue/emulator-plays': async (body) => {
      if (body.plays !== 'refused' && body.plays !== 'routed')
        throw new Error('plays must be "refused" or "routed"');
      emulator.configure({ invitesWhilePaused: body.plays });
      return status();
    },
    'POST /api/admin/return-to-queue/live-check': async () => {
      if (!running) {
        running = checkAndApply().finally(() => {
          running = null;
        });
      }
      await running;
      return status();
    },
    'GET /api/team-actions': async () => ({ actions: await teamActions() }),
  };

  return {
    /** Answers this module's routes; false for any other request. */
    handle(request: IncomingMessage, response: ServerResponse): boolean {
      const route = routeFor(routes, request);
      if (!route) return false;
      void answerRoute(route, request, response, { settle: () => emulator.idle(), failureStatus: 400 });
      return true;
    },
  };
}
