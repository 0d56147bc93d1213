import type { TaskRouterJson } from './taskrouter';
import type { World } from '../state/world';
import type { Interaction, InteractionChannel, InteractionParticipant, Invite, Task } from '../state/types';
import type { Json, JsonObject } from '../util';
import { d, FLEX } from './common';

/**
 * Flex's interactions, channels, invites and participants as flex-api answers them (tasks embedded as Flex
 * embeds them).
 */
export class FlexJson {
  constructor(
    private readonly w: World,
    private readonly taskrouter: TaskRouterJson,
  ) {}

  /** Task properties as Flex embeds them in interaction/invite routing (epoch seconds, queue_* names). */
  private routingTask(t: Task): JsonObject {
    const s = this.taskrouter.task(t);
    return {
      account_sid: s.account_sid,
      workspace_sid: s.workspace_sid,
      sid: t.sid,
      date_created: Math.floor(t.dateCreated / 1000),
      date_updated: Math.floor(t.dateUpdated / 1000),
      task_queue_entered_date: t.queueEnteredAt !== null ? Math.floor(t.queueEnteredAt / 1000) : null,
      attributes: t.attributes,
      assignment_status: t.assignmentStatus,
      workflow_sid: t.workflowSid,
      workflow_name: s.workflow_friendly_name,
      queue_sid: t.taskQueueSid,
      queue_name: s.task_queue_friendly_name,
      priority: t.priority,
      age: s.age,
      age_in_queue: s.age,
      reason: t.reason ?? '',
      timeout: t.timeout,
      assignmentCounter: 0,
      task_channel_sid: t.taskChannelSid,
      task_channel_unique_name: s.task_channel_unique_name,
      routing_target: t.routingTarget,
    };
  }

  interaction(i: Interaction): JsonObject {
    const url = `${FLEX}/Interactions/${i.sid}`;
    const task = i.firstTaskSid ? this.w.tasks.get(i.firstTaskSid) : undefined;
    return {
      sid: i.sid,
      channel: { ...i.channel, sid: i.channelSid },
      routing: {
        reservation: null,
        properties: task ? this.routingTask(task) : (i.routingProperties as Json),
      },
      url,
      links: { channels: `${url}/Channels` },
      interaction_context_sid: i.interactionContextSid,
      webhook_ttid: i.webhookTtid,
    };
  }

  interactionChannel(c: InteractionChannel): JsonObject {
    const url = `${FLEX}/Interactions/${c.interactionSid}/Channels/${c.sid}`;
    return {
      sid: c.sid,
      interaction_sid: c.interactionSid,
      type: c.type,
      status: c.status,
      // Not in the public schema, but Twilio keeps them on the channel and Flex 2.17.1 reads both for its paused
      // list (BasePauseListItem / PauseTimerLabel: status_timeout, date_updated).
      status_timeout: d(c.statusTimeout),
      date_updated: d(c.dateUpdated),
      error_code: null,
      error_message: null,
      url,
      links: {
        participants: `${url}/Participants`,
        invites: `${url}/Invites`,
        transfers: `${url}/Transfers`,
      },
    };
  }

  invite(i: Invite): JsonObject {
    const task = this.w.tasks.get(i.taskSid);
    return {
      sid: i.sid,
      interaction_sid: i.interactionSid,
      channel_sid: i.channelSid,
      routing: { reservation: null, properties: task ? this.routingTask(task) : (i.routing as Json) },
      url: `${FLEX}/Interactions/${i.interactionSid}/Channels/${i.channelSid}/Invites/${i.sid}`,
    };
  }

  interactionParticipant(p: InteractionParticipant): JsonObject {
    return {
      sid: p.sid,
      type: p.type,
      interaction_sid: p.interactionSid,
      channel_sid: p.channelSid,
      url: `${FLEX}/Interactions/${p.interactionSid}/Channels/${p.channelSid}/Participants/${p.sid}`,
      routing_properties: p.routingProperties,
      // Not in the public read schema (its update takes `closed` | `wrapup`): the status set on the participant,
      // null while the agent is in the channel. Whether Twilio answers it is for the live check to tell; the
      // Functions do not depend on it (the reservation's state says the same).
      status: p.status,
      // Not in the public schema; Flex 2.17.1's InteractionParticipant model reads it from these answers.
      media_properties: p.mediaProperties,
    };
  }
}
