import type { Line } from './behaviours';

export interface LiveCheckOptions {
  /** The TaskRouter workspace; by default the Flex configuration's `taskrouter_workspace_sid`. */
  workspaceSid?: string;
  /** Aborting (Ctrl-C) stops the walk at the next step; what was created is still removed. */
  signal?: AbortSignal;
  /** How long to wait for something Twilio does asynchronously (a task, a reservation). Default 30 s. */
  waitSeconds?: number;
  pollMs?: number;
  /** Called with each line as soon as it is known. */
  onLine?: (line: Line) => void;
  /** Called with each warning about the account (for example a queue that targets every worker). */
  onNote?: (text: string) => void;
  runId?: string;
  /**
   * `pause-events-webhook`: where Twilio can deliver the webhook's events to this machine. The check listens on
   * 127.0.0.1:`port`; `publicUrl` is the public address (a tunnel) that forwards to it. Without it the
   * webhook's create and read-back are checked, and its delivery is reported as not walked.
   */
  eventsReceiver?: { publicUrl: string; port: number };
  /** `live-feed-acl`: the pause records' Sync service (`--sync-service`, `SYNC_SERVICE_SID`). */
  syncServiceSid?: string;
  /** `live-feed-acl`: the API key /live-token signs with (`TWILIO_API_KEY`, `TWILIO_API_SECRET`). */
  apiKey?: { sid: string; secret: string };
  /**
   * `live-feed-acl`: opens a Sync document as a client with an Access Token, answering the HTTP status. Sync's
   * REST API takes account credentials only and its clients speak a websocket SDK, which the check does not
   * carry: without a reader the client side is reported as not walked (the REST side is still checked).
   */
  syncClientRead?: (token: string, serviceSid: string, document: string) => Promise<number>;
  /**
   * Walk one step only: `invite-while-paused` (the evidence Return to the queue rests on) on routing of its own,
   * without the probe or the other steps; every other line is reported skipped. The sandbox gets its evidence
   * this way from its emulator (sandbox/server/return-evidence.ts); configure reads only that line.
   */
  only?: typeof ONLY_INVITE_WHILE_PAUSED;
}

export const ONLY_INVITE_WHILE_PAUSED = 'invite-while-paused';

/** How the test worker was brought into a conversation (documented operations only). */
export type JoinMethod = 'interaction-participant-create' | 'reservation-update' | 'accepted-by-twilio';
