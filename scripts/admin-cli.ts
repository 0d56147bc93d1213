import { createTwilioClient, type TwilioClient } from '../serverless/src/lib/twilio-client';

/** What both admin commands need: a client for the account (or, with TWILIO_API_BASE_URL, the emulator). */
export function adminClient(): TwilioClient {
  return createTwilioClient({
    ACCOUNT_SID: process.env.ACCOUNT_SID ?? process.env.TWILIO_ACCOUNT_SID,
    AUTH_TOKEN: process.env.AUTH_TOKEN ?? process.env.TWILIO_AUTH_TOKEN,
    TWILIO_API_BASE_URL: process.env.TWILIO_API_BASE_URL,
  });
}

export function runCommand(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
