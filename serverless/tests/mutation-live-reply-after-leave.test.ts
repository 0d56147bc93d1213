import { StepFailed } from '../src/provisioning/live/lines';
import { replyAfterLeave } from '../src/provisioning/live/walk/after-leave';
import {
  type Sent,
  isChannelRead,
  type Body,
  type Edit,
  StatusAnswer,
  firstAfter,
  leftConversation,
  emulatorPerTest,
  interruptedLike,
} from './live-main-path-support';

/**
 * The customer's reply after Leave (walk/after-leave.ts `replyAfterLeave`) (issue 20); the scaffolding is
 * live-main-path-support.ts.
 */

emulatorPerTest();

/** Twilio's task lists with one attribute taken out of every task: a task linked to the conversation one way only. */
const tasksWithout =
  (attribute: string): Edit =>
  (request, status, body) =>
    request.uri.includes('/Tasks?')
      ? {
          status,
          body: {
            ...body,
            tasks: (body.tasks as Body[]).map((task) => {
              const attributes = JSON.parse(String(task.attributes)) as Body;
              delete attributes[attribute];
              return { ...task, attributes: JSON.stringify(attributes) };
            }),
          },
        }
      : undefined;

describe('replyAfterLeave', () => {
  const replies = (sent: Sent[]) => sent.filter((x) => x.method === 'POST' && x.uri.endsWith('/Messages'));

  it('the customer writes through the Conversations API, with webhooks on; a new task for the conversation holds', async () => {
    const { walk, a, lines, sent, firstTask } = await leftConversation();
    const mark = sent.length;
    await replyAfterLeave(walk, a, true);
    const reply = replies(sent.slice(mark));
    expect(reply).toHaveLength(1);
    expect(reply[0]?.uri).toBe(
      `https://conversations.twilio.com/v1/Conversations/${a.conversationSid}/Messages`,
    );
    expect(reply[0]?.data).toEqual({
      Author: a.customer,
      Body: 'A reply after Leave (leave-pause live check)',
    });
    expect(reply[0]?.headers?.['X-Twilio-Webhook-Enabled']).toBe('true');
    // The tasks of the test workflow, all pages of 100, listed before and after the reply.
    const lists = sent.slice(mark).filter((x) => x.method === 'GET' && x.uri.includes('/Tasks?'));
    expect(new Set(lists.map((x) => x.uri))).toEqual(
      new Set([
        `https://taskrouter.twilio.com/v1/Workspaces/${walk.ws}/Tasks?WorkflowSid=${walk.workflowSid}&PageSize=100`,
      ]),
    );
    expect(walk.known.has(firstTask)).toBe(true);
    const line = lines[0];
    const task = String(line?.fields.task_sid);
    expect(task).not.toBe(firstTask);
    expect(line).toEqual({
      id: 'reply-after-leave-new-task',
      title: expect.any(String),
      verdict: 'holds',
      // Pending, or already reserved to the test worker, which is available.
      detail: expect.stringMatching(
        new RegExp(
          `^new task ${task} \\((pending|reserved)\\) for conversation ${a.conversationSid}; the channel reads active$`,
        ),
      ),
      evidence: [
        {
          method: 'POST',
          path: `conversations /v1/Conversations/${a.conversationSid}/Messages`,
          status: 201,
          errorCode: null,
        },
      ],
      fields: { task_sid: task, channel_status: 'active' },
    });
    expect(lines).toHaveLength(1);
  });

  it('a conversation not left: could not tell, and nothing is sent', async () => {
    const { walk, a, lines, sent } = await leftConversation();
    const mark = sent.length;
    await replyAfterLeave(walk, a, false);
    expect(sent.slice(mark)).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'reply-after-leave-new-task',
        verdict: 'could not tell',
        detail: 'the conversation was not left',
        evidence: [],
        fields: {},
      }),
    ]);
  });

  it('a reply Twilio refuses: could not tell, citing it, without waiting for a task', async () => {
    const { walk, a, lines, sent } = await leftConversation({
      before: (request) =>
        request.uri.endsWith('/Messages') && request.method === 'POST'
          ? { status: 400, body: { code: 50000, message: 'Bad author' } }
          : undefined,
    });
    const mark = sent.length;
    await replyAfterLeave(walk, a, true);
    expect(lines).toEqual([
      expect.objectContaining({
        id: 'reply-after-leave-new-task',
        verdict: 'could not tell',
        detail: 'the reply was not sent: HTTP 400, error 50000, "Bad author"',
        evidence: [expect.objectContaining({ method: 'POST', status: 400 })],
      }),
    ]);
    expect(sent.slice(mark).filter((x) => x.uri.includes('/Tasks?'))).toHaveLength(1);
  });

  it('a task found by its interaction channel alone holds; one naming neither could not tell', async () => {
    const withoutConversation = await leftConversation({
      edit: tasksWithout('conversationSid'),
    });
    await replyAfterLeave(withoutConversation.walk, withoutConversation.a, true);
    expect(withoutConversation.lines[0]?.verdict).toBe('holds');

    const neither = await leftConversation({
      edit: (request, status, body) =>
        request.uri.includes('/Tasks?')
          ? {
              status,
              body: { ...body, tasks: (body.tasks as Body[]).map(({ attributes: _dropped, ...t }) => t) },
            }
          : undefined,
    });
    await replyAfterLeave(neither.walk, neither.a, true);
    expect(neither.lines).toEqual([
      expect.objectContaining({
        id: 'reply-after-leave-new-task',
        verdict: 'could not tell',
        detail: 'no new task for the conversation in time',
        evidence: [expect.objectContaining({ method: 'POST', status: 201 })],
        fields: {},
      }),
    ]);
  });

  it('a channel that cannot be read after the reply reads "unreadable"', async () => {
    const { walk, a, lines } = await leftConversation({
      edit: firstAfter(
        (request) => request.uri.endsWith('/Messages'),
        isChannelRead,
        () => new StatusAnswer(404, { code: 20404 }),
      ),
    });
    await replyAfterLeave(walk, a, true);
    expect(lines[0]?.detail).toMatch(/; the channel reads unreadable$/);
    expect(lines[0]?.fields.channel_status).toBeUndefined();
  });

  it('asks nothing of the customer once interrupted', async () => {
    const { walk, a, sent } = await leftConversation();
    const mark = sent.length;
    const interrupted = interruptedLike(walk);
    interrupted.workflowSid = walk.workflowSid;
    await expect(replyAfterLeave(interrupted, a, true)).rejects.toEqual(
      new StepFailed('interrupted (Ctrl-C)'),
    );
    expect(replies(sent.slice(mark))).toEqual([]);
  });

  it('a new task of another conversation, listed first, is not taken for the reply’s', async () => {
    const stranger = {
      sid: `WT${'e'.repeat(32)}`,
      assignment_status: 'pending',
      attributes: JSON.stringify({
        conversationSid: `CH${'e'.repeat(32)}`,
        flexInteractionChannelSid: `UO${'e'.repeat(32)}`,
      }),
    };
    let replied = false;
    const { walk, a, lines } = await leftConversation({
      edit: (request, status, body) => {
        if (request.method === 'POST' && request.uri.endsWith('/Messages')) replied = true;
        return replied && request.uri.includes('/Tasks?')
          ? { status, body: { ...body, tasks: [stranger, ...(body.tasks as Body[])] } }
          : undefined;
      },
    });
    await replyAfterLeave(walk, a, true);
    expect(lines[0]?.verdict).toBe('holds');
    expect(lines[0]?.fields.task_sid).toMatch(/^WT/);
    expect(lines[0]?.fields.task_sid).not.toBe(stranger.sid);
  });

  it('a task of the conversation listed before the reply is never taken for the reply’s', async () => {
    // An older task of the same conversation, first in every list: known from the list made before the reply.
    const older = {
      sid: `WT${'d'.repeat(32)}`,
      assignment_status: 'completed',
      attributes: '',
    };
    let conversationSid = '';
    const { walk, a, lines } = await leftConversation({
      edit: (request, status, body) =>
        request.uri.includes('/Tasks?') && conversationSid
          ? {
              status,
              body: {
                ...body,
                tasks: [
                  { ...older, attributes: JSON.stringify({ conversationSid }) },
                  ...(body.tasks as Body[]),
                ],
              },
            }
          : undefined,
    });
    conversationSid = a.conversationSid;
    await replyAfterLeave(walk, a, true);
    expect(walk.known.has(older.sid)).toBe(true);
    expect(lines[0]?.verdict).toBe('holds');
    expect(lines[0]?.fields.task_sid).not.toBe(older.sid);
  });

  it('a task found by its conversation alone holds', async () => {
    const { walk, a, lines } = await leftConversation({
      edit: tasksWithout('flexInteractionChannelSid'),
    });
    await replyAfterLeave(walk, a, true);
    expect(lines[0]).toMatchObject({ id: 'reply-after-leave-new-task', verdict: 'holds' });
  });
});
