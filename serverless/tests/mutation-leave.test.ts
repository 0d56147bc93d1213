import { handler as leaveHandler } from '../src/functions/leave';
import { REQUEST_MAP_NAME } from '../src/lib/idempotency';
import { startBackend, type AssignedConversation, type Backend } from './harness';

/**
 * actions/leave.ts (issue 20, mutation survivors): a Leave Twilio refuses for a state other than a pause. The
 * conversation is closed (by the customer's side, a timer, the API) while the agent's task is still accepted:
 * Twilio keeps the task and refuses the channel's move (409, the channel is closed). The agent is told the
 * state in words, and the "left" mark written side by side with the move is taken back — or, without Sync, is
 * neither written nor taken back.
 */

let backend: Backend;

beforeEach(async () => {
  backend = await startBackend();
});

afterEach(async () => {
  expect(backend.emulator.violations).toEqual([]);
  await backend.close();
});

async function closedWhileAccepted(): Promise<AssignedConversation> {
  const conversation = await backend.assignedConversation();
  await backend.client.conversations.v1
    .conversations(conversation.conversationSid)
    .update({ state: 'closed' });
  return conversation;
}

function leftMark(conversation: AssignedConversation) {
  return backend.client.sync.v1
    .services(backend.env.SYNC_SERVICE_SID)
    .syncMaps(REQUEST_MAP_NAME)
    .syncMapItems(`left:${conversation.workerSid}:${conversation.taskSid}`)
    .fetch();
}

describe('a Leave Twilio refuses on a closed conversation', () => {
  it('answers 409 naming the state (not "paused"), and takes back the left mark written beside the move', async () => {
    const conversation = await closedWhileAccepted();

    const result = await backend.invoke(leaveHandler, await backend.actionEvent(conversation), backend.env);

    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'task_wrong_state',
      message: 'This conversation is closed: it cannot be left now',
      field: 'TaskSid',
    });
    // A mark left behind would tell a later Pause of this task "left meanwhile", which never happened.
    await expect(leftMark(conversation)).rejects.toMatchObject({ status: 404 });
  });

  it('without Sync, the refusal is the same and no Sync request is made', async () => {
    const conversation = await closedWhileAccepted();
    const before = backend.emulator.requests.length;

    const result = await backend.invoke(leaveHandler, await backend.actionEvent(conversation), {
      SYNC_SERVICE_SID: '',
    });

    expect(result.status).toBe(409);
    expect(result.body.error).toMatchObject({
      code: 'task_wrong_state',
      message: 'This conversation is closed: it cannot be left now',
    });
    expect(backend.emulator.requests.slice(before).filter((r) => /Services\/IS/.test(r.path))).toEqual([]);
  });
});
