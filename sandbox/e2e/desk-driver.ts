import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { DeskView } from '../server/live';
import type { sandboxForThisFile } from './browser';

/**
 * What the engine's browser tests do to the sandbox, beside clicking: read its state, set who is available,
 * bring Alice a chat and pause it. One copy for every test file that plays that start.
 */
export interface StateTask {
  sid: string;
  status: string;
  workerSid: string | null;
  conversationSid: string | null;
  reservationStatus: string | null;
}

export function deskDriver(suite: ReturnType<typeof sandboxForThisFile>) {
  async function state(page: Page) {
    return (await (await page.request.get(`${suite.sandbox.url}/api/state`)).json()) as {
      workers: { sid: string; name: string }[];
      tasks: StateTask[];
      conversations: { sid: string; channelStatus: string }[];
    };
  }

  async function setAvailability(page: Page, available: Record<string, boolean>) {
    for (const worker of (await state(page)).workers) {
      const first = worker.name.split(' ')[0];
      if (first in available) {
        await page.request.post(`${suite.sandbox.url}/api/worker/availability`, {
          data: { workerSid: worker.sid, available: available[first] },
        });
      }
    }
  }

  /** Customer writes in, Alice (the only one available) accepts: the starting point of every run. */
  async function aliceHasAChat(page: Page, message: string) {
    await page.goto(suite.sandbox.url);
    await setAvailability(page, { Alice: true, Bob: false, Sam: false });
    await page.getByLabel('Play agent').selectOption({ label: 'Alice Agent' });
    await page.getByLabel('Customer message').fill(message);
    await page.getByRole('button', { name: 'Start conversation' }).click();
    await page.getByTestId('task-list').getByRole('button', { name: 'Accept' }).click();
    await page.getByTestId('task-canvas').getByText(message).waitFor();
    await page.getByTestId('capacity').getByText('chat 1/1', { exact: false }).waitFor();
    const task = (await state(page)).tasks.find((candidate) => candidate.status === 'assigned');
    assert.ok(task?.conversationSid);
    return { taskSid: task.sid, conversationSid: task.conversationSid };
  }

  async function pause(page: Page) {
    const canvas = page.getByTestId('task-canvas');
    await canvas.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('notification').getByText('Conversation paused', { exact: false }).waitFor();
    await canvas.getByText('Paused conversation', { exact: true }).waitFor();
  }

  return { state, setAvailability, aliceHasAChat, pause };
}

/** The desk's own view and controls, over HTTP, for the desk's browser tests. */
export function deskControls(suite: ReturnType<typeof sandboxForThisFile>) {
  async function deskState(): Promise<DeskView> {
    return (await (await fetch(`${suite.sandbox.url}/api/desk/state`)).json()) as DeskView;
  }

  async function workerSid(first: string): Promise<string> {
    const worker = (await deskState()).workers.find((candidate) => candidate.name.startsWith(first));
    assert.ok(worker, `no worker named ${first}`);
    return worker.sid;
  }

  async function post(pathname: string, body: unknown) {
    const response = await fetch(`${suite.sandbox.url}${pathname}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${pathname}: HTTP ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as Record<string, unknown>;
  }

  async function setAvailable(available: Record<string, boolean>) {
    for (const [first, value] of Object.entries(available)) {
      await post('/api/worker/availability', { workerSid: await workerSid(first), available: value });
    }
  }

  /** A desk page, playing `agent`. */
  async function openDesk(agent: string): Promise<Page> {
    const page = await suite.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(suite.sandbox.url);
    await page.getByLabel('Play agent').selectOption(await workerSid(agent));
    return page;
  }

  /**
   * A customer writes in and the conversation is offered to `agent`; with `accept`, the agent accepts it with a
   * click (without, the offer is left for the test to accept, e.g. with the keyboard). Returns its SID.
   */
  async function offerConversation(page: Page, agent: string, customer: string, accept: boolean) {
    await page.getByLabel('Next conversation goes to').selectOption(await workerSid(agent));
    await page.waitForFunction(
      (sid) => (document.getElementById('next-agent') as HTMLSelectElement).value === sid,
      await workerSid(agent),
    );
    await page.getByLabel('Customer name').fill(customer);
    await page.getByLabel('Customer message').fill(`Hello, ${customer} here`);
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const item = page.getByTestId('task-item').filter({ hasText: customer });
    if (accept) {
      await item.getByRole('button', { name: 'Accept' }).click();
      await page
        .locator('[data-testid="task-item"][data-status="assigned"]', { hasText: customer })
        .waitFor();
    } else {
      await item.waitFor();
    }
    await page.getByLabel('Next conversation goes to').selectOption('');
    const conversation = (await deskState()).conversations.find((c) => c.customerName === customer);
    assert.ok(conversation, `conversation of ${customer}`);
    return conversation.sid;
  }

  return { deskState, workerSid, post, setAvailable, openDesk, offerConversation };
}
