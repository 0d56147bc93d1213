import { createTwilioClient, type TwilioClient } from '../serverless/src/lib/twilio-client';

/** What both admin commands need: the workspace to work on and a client for the account (or the emulator). */
export function adminContext(workspaceArg: string | undefined): {
  workspaceSid: string;
  client: TwilioClient;
} {
  const workspaceSid = workspaceArg ?? process.env.TWILIO_WORKSPACE_SID;
  if (!workspaceSid || !/^WS[0-9a-fA-F]{32}$/.test(workspaceSid)) {
    throw new Error('Pass --workspace WS… (your Flex TaskRouter workspace SID) or set TWILIO_WORKSPACE_SID');
  }
  const client = createTwilioClient({
    ACCOUNT_SID: process.env.ACCOUNT_SID ?? process.env.TWILIO_ACCOUNT_SID,
    AUTH_TOKEN: process.env.AUTH_TOKEN ?? process.env.TWILIO_AUTH_TOKEN,
    TWILIO_API_BASE_URL: process.env.TWILIO_API_BASE_URL,
  });
  return { workspaceSid, client };
}

export function runCommand(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
