import twilio from 'twilio';
import { beginAgentAction } from '../lib/action';
import { syncServiceSidFrom, type FunctionsEnvironment } from '../lib/environment';
import { feedNameFor } from '../lib/live-feed';
import { logFailure } from '../lib/log';
import { PauseStore } from '../lib/pause-store';
import type { FunctionEvent } from '../lib/runtime';

/** Short (Twilio allows up to a day): a token that leaks reads one agent's feed for minutes. The plugin renews the token before it ends (`tokenAboutToExpire`). */
export const LIVE_TOKEN_TTL_SECONDS = 900;

export type LiveTokenResult =
  | {
      live: true;
      token: string;
      /** The token's identity: the caller's worker SID, which the feed's one permission names. */
      identity: string;
      serviceSid: string;
      /** The Sync Document to subscribe to (`leavePause-feed-{WK}`). */
      document: string;
      ttlSeconds: number;
    }
  /** No API key configured: the plugin keeps reading /paused, and says nothing about it to the agent. */
  | { live: false };

/**
 * The live token itself: twilio-node's own helper, a Sync grant for the service, the identity given, 15 minutes.
 * The live check (`npm run doctor -- --live`, `live-feed-acl`) mints its tokens with this same function.
 */
export function mintLiveToken(
  accountSid: string,
  key: { sid: string; secret: string },
  identity: string,
  serviceSid: string,
): string {
  const token = new twilio.jwt.AccessToken(accountSid, key.sid, key.secret, {
    identity,
    ttl: LIVE_TOKEN_TTL_SECONDS,
  });
  token.addGrant(new twilio.jwt.AccessToken.SyncGrant({ serviceSid }));
  return token.toJwt();
}

/**
 * A Sync Access Token for the calling agent's own live feed. The identity is the caller's worker SID as the
 * validated Flex token proves it (never a field of the body); the grant is for the pause records' Sync
 * service, where ACLs let that identity read exactly one document, its feed, and write nothing. The feed is
 * rewritten first, so a feed missed by an earlier change's failed write is healed, and a first-time agent's
 * document exists before their client opens it.
 */
export async function liveToken(
  environment: FunctionsEnvironment,
  event: FunctionEvent,
): Promise<LiveTokenResult> {
  const { caller, client } = await beginAgentAction(environment, event, [], undefined, false);
  const serviceSid = syncServiceSidFrom(environment);
  const key = environment.liveKey;
  if (!key) return { live: false };
  try {
    await new PauseStore(client, serviceSid).refreshFeed(caller.workerSid);
  } catch (error) {
    // The token is still useful: the client opens the feed as it is and the next change rewrites it.
    logFailure('live feed not refreshed', error);
  }
  return {
    live: true,
    token: mintLiveToken(environment.twilio.accountSid, key, caller.workerSid, serviceSid),
    identity: caller.workerSid,
    serviceSid,
    document: feedNameFor(caller.workerSid),
    ttlSeconds: LIVE_TOKEN_TTL_SECONDS,
  };
}
