/** Flex's routes: interactions, their channels, invites and participants, and the Flex configuration. */
import { badRequest, parseJsonObject } from '../../util';
import { ok, page, type AddRoute, type Services } from '../route-kit';

export function addFlexRoutes(add: AddRoute, s: Services): void {
  const { world, flex, ser } = s;
  // A channel as the API answers it: without `status_timeout` when the account is set to omit it (Twilio's
  // public schema does not have it), so the Functions' fallback to the configured limit can be exercised.
  const channelAnswer = (x: Parameters<typeof ser.interactionChannel>[0]) => {
    const body = ser.interactionChannel(x);
    if (!world.settings.reportStatusTimeout) delete body.status_timeout;
    return body;
  };
  const I = '/v1/Interactions/{InteractionSid}/Channels';
  add('flex-api', 'POST', '/v1/Interactions', (c) => {
    const channel = parseJsonObject(c.body.str('Channel'), 'Channel');
    const routing = parseJsonObject(c.body.str('Routing'), 'Routing');
    if (!c.body.has('Routing')) throw badRequest('Missing required parameter Routing');
    return ok(ser.interaction(flex.createInteraction(channel, routing, c.body).interaction));
  });
  add('flex-api', 'GET', '/v1/Interactions/{Sid}', (c) =>
    ok(ser.interaction(flex.interaction(c.params.Sid))),
  );
  add('flex-api', 'GET', I, (c) =>
    page(c, 'channels', flex.channelsOf(c.params.InteractionSid).map(channelAnswer)),
  );
  add('flex-api', 'GET', `${I}/{Sid}`, (c) =>
    ok(channelAnswer(flex.channel(c.params.InteractionSid, c.params.Sid))),
  );
  add('flex-api', 'POST', `${I}/{Sid}`, (c) =>
    ok(channelAnswer(flex.updateChannel(c.params.InteractionSid, c.params.Sid, c.body))),
  );
  // Twilio answers an invite create with 200 (the spec's only response code for it), not 201.
  add('flex-api', 'POST', `${I}/{ChannelSid}/Invites`, (c) =>
    ok(ser.invite(flex.createInvite(c.params.InteractionSid, c.params.ChannelSid, c.body))),
  );
  add('flex-api', 'GET', `${I}/{ChannelSid}/Invites`, (c) =>
    page(
      c,
      'invites',
      flex.invitesOf(c.params.InteractionSid, c.params.ChannelSid).map((x) => ser.invite(x)),
    ),
  );
  add('flex-api', 'GET', `${I}/{ChannelSid}/Participants`, (c) => {
    const ch = flex.channel(c.params.InteractionSid, c.params.ChannelSid);
    return page(
      c,
      'participants',
      flex.participantsOf(ch).map((x) => ser.interactionParticipant(x)),
    );
  });
  add('flex-api', 'POST', `${I}/{ChannelSid}/Participants`, (c) =>
    ok(
      ser.interactionParticipant(
        flex.createParticipant(c.params.InteractionSid, c.params.ChannelSid, c.body),
      ),
      201,
    ),
  );
  add('flex-api', 'POST', `${I}/{ChannelSid}/Participants/{Sid}`, (c) =>
    ok(
      ser.interactionParticipant(
        flex.updateParticipant(c.params.InteractionSid, c.params.ChannelSid, c.params.Sid, c.body),
      ),
    ),
  );

  add('flex-api', 'GET', '/v1/Configuration', () => ok(flex.configuration()));
  add('flex-api', 'POST', '/v1/Configuration', (c) => ok(flex.updateConfiguration(c.json ?? {})));
}
