import { defineHandler } from '../lib/http';

/**
 * Twilio's time, for the plugin's countdown badges before the agent's first action: an agent's computer clock
 * can be minutes off. Reveals nothing but the time, so it needs no token.
 */
export const handler = defineHandler(async () => ({ body: {} }));
