import type { ChannelRef } from '../../lib/channel';

/** The Twilio REST bases the live check calls directly (the engine's own calls build theirs). */
export const FLEX = 'https://flex-api.twilio.com/v1/Interactions';
export const TASKROUTER = 'https://taskrouter.twilio.com/v1/Workspaces';
export const CONVERSATIONS = 'https://conversations.twilio.com/v1/Conversations';
export const SYNC = 'https://sync.twilio.com/v1/Services';

export const channelUri = (ref: ChannelRef) => `${FLEX}/${ref.interactionSid}/Channels/${ref.channelSid}`;
