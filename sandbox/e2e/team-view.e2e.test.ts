import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, screenshotOnFailure, sandboxForThisFile } from './browser';
import { deskDriver } from './desk-driver';

/**
 * The supervisor's team view (issue 18 parts 4 and 5) in a browser: a supervisor resumes a pause for the agent
 * who paused; an agent is refused the view and its actions. The admin lets supervisors act here
 * (`supervisorsMayAct`, read by sandbox/server/start.ts when the sandbox starts).
 */
process.env.SUPERVISORS_MAY_ACT = 'true';
const suite = sandboxForThisFile();

const { state, aliceHasAChat, pause } = deskDriver(suite);

async function workerSid(page: Page, first: string): Promise<string> {
  const worker = (await state(page)).workers.find((candidate) => candidate.name.startsWith(first));
  assert.ok(worker, `no worker named ${first}`);
  return worker.sid;
}

/** A Flex token as the sandbox's sign-in gives it (roles from the user's profile). */
async function flexTokenOf(page: Page, first: string): Promise<string> {
  const answer = await page.request.post(`${suite.sandbox.url}/api/token`, {
    data: { workerSid: await workerSid(page, first) },
  });
  return ((await answer.json()) as { token: string }).token;
}

/** What an action could change: tasks, reservations, channel states, and Alice's pause records. */
async function everythingAliceHas(page: Page, aliceToken: string) {
  const now = await state(page);
  const paused = await fetch(`${suite.sandbox.functionsUrl}/paused`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Token: aliceToken }),
  });
  assert.equal(paused.status, 200);
  return {
    tasks: now.tasks.map((task) => [task.sid, task.status, task.workerSid, task.reservationStatus]),
    channels: now.conversations.map((conversation) => [conversation.sid, conversation.channelStatus]),
    paused: ((await paused.json()) as { paused: { taskSid: string }[] }).paused.map(
      (record) => record.taskSid,
    ),
  };
}

test('an agent is refused the team view and its actions: 403, nothing changed', async (t) => {
  const page = await suite.browser.newPage();
  t.after(() => page.close());
  await screenshotOnFailure(page, 'team-view-refused-failure.png', async () => {
    const { taskSid } = await aliceHasAChat(page, 'Is my refund on its way?');
    await pause(page);
    // Alice is an agent: her desk offers no team view.
    assert.equal(await page.getByRole('navigation').getByRole('button', { name: 'Team pauses' }).count(), 0);

    const aliceToken = await flexTokenOf(page, 'Alice');
    const alice = await workerSid(page, 'Alice');
    const before = await everythingAliceHas(page, aliceToken);
    assert.deepEqual(before.paused, [taskSid]);
    // The Functions, called from the page as the plugin would, with Alice's own token.
    const answers = await page.evaluate(
      async ({ functionsUrl, token, task, worker }) => {
        const statuses: Record<string, number> = {};
        for (const operation of ['team-paused', 'team-resume', 'team-return']) {
          const response = await fetch(`${functionsUrl}/${operation}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            // /team-paused takes no fields (an unknown one is a 400): only the actions name the pause.
            body: JSON.stringify(
              operation === 'team-paused'
                ? { Token: token }
                : { Token: token, TaskSid: task, WorkerSid: worker },
            ),
          });
          statuses[operation] = response.status;
        }
        return statuses;
      },
      { functionsUrl: suite.sandbox.functionsUrl, token: aliceToken, task: taskSid, worker: alice },
    );
    assert.deepEqual(answers, { 'team-paused': 403, 'team-resume': 403, 'team-return': 403 });
    assert.deepEqual(await everythingAliceHas(page, aliceToken), before);
    await page.locator(`[data-testid="task-item"][data-status="paused"]`).first().waitFor();
    assert.equal(await page.getByTestId('violations').textContent(), '0');
  });
});

test('a supervisor’s Resume for the agent: the conversation comes back to the agent who paused', async (t) => {
  const alicePage = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  const samPage = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
  t.after(() => Promise.all([alicePage.close(), samPage.close()]));
  await screenshotOnFailure(samPage, 'team-view-resume-failure.png', async () => {
    const { taskSid, conversationSid } = await aliceHasAChat(alicePage, 'Could you hold my booking?');
    await pause(alicePage);
    const alice = await workerSid(alicePage, 'Alice');

    // The server's answer to Sam's token: which actions the team view may offer.
    const askedAt = Date.now();
    const listed = await fetch(`${suite.sandbox.functionsUrl}/team-paused`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ Token: await flexTokenOf(samPage, 'Sam') }),
    });
    assert.equal(listed.status, 200);
    t.diagnostic(`/team-paused answered in ${Date.now() - askedAt} ms`);
    const { actions } = (await listed.json()) as {
      actions: { resumeForAgent: boolean; returnToQueue: boolean };
    };
    assert.equal(actions.resumeForAgent, true);
    // Sam plays the supervisor: the team view lists Alice's pause.
    await samPage.goto(suite.sandbox.url);
    await samPage.getByLabel('Play agent').selectOption({ label: 'Sam Supervisor' });
    await samPage.getByRole('navigation').getByRole('button', { name: 'Team pauses' }).click();
    const row = samPage.getByTestId('team-view').locator(`tr[data-task-sid="${taskSid}"]`);
    await row.getByRole('rowheader', { name: 'Alice Agent' }).waitFor();

    assert.equal(
      await row.getByRole('button', { name: /to the queue now/ }).count(),
      actions.returnToQueue ? 1 : 0,
    );
    await samPage.screenshot({ path: path.join(ARTIFACTS_DIR, 'team-view.png'), fullPage: true });

    await row.getByRole('button', { name: /for Alice Agent$/ }).click();
    await samPage.getByTestId('team-view').getByText('Resumed for Alice Agent', { exact: false }).waitFor();
    await row.waitFor({ state: 'detached' });

    // Back with Alice: Twilio's new task for the same conversation, accepted for her; the channel active.
    // (Alice's earlier pause stays paused: the one assigned item is this conversation's new task)
    await alicePage.locator('[data-testid="task-item"][data-status="assigned"]').waitFor();
    await alicePage.getByTestId('task-canvas').getByText('Could you hold my booking?').waitFor();
    const now = await state(alicePage);
    const resumed = now.tasks.filter(
      (task) => task.conversationSid === conversationSid && task.sid !== taskSid,
    );
    assert.equal(resumed.length, 1);
    assert.equal(resumed[0].status, 'assigned');
    assert.equal(resumed[0].workerSid, alice);
    assert.equal(resumed[0].reservationStatus, 'accepted');
    assert.equal(now.conversations.find((c) => c.sid === conversationSid)?.channelStatus, 'active');
    assert.equal(await samPage.getByTestId('violations').textContent(), '0');
  });
});
