/**
 * "Now" as Twilio sees it, learnt from the Date header of Twilio's answers. Deadlines we store (reassignAt)
 * must agree with the TaskRouter timer that enforces them, whatever the Function host's own clock says; in the
 * sandbox the emulator's simulated clock is that time.
 */
let offsetMs = 0;

export function observeTwilioDate(dateHeader: string | undefined, receivedAtMs: number = Date.now()): void {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN;
  if (Number.isFinite(serverMs)) offsetMs = serverMs - receivedAtMs;
}

export function twilioNow(): Date {
  return new Date(Date.now() + offsetMs);
}
