import { defineHandler } from '../lib/http';

/**
 * Twilio's time, for the plugin's countdown badges before the agent's first action: an agent's computer clock
 * can be minutes off. Reveals nothing but the time and reads no input, so it needs no token and answers any
 * method (the plugin GETs it).
 */
export const handler = defineHandler(
  // Nothing of its own to say: defineHandler adds Twilio's time to every answer.
  async () => ({ body: {} }),
  { accepts: 'any' },
);
