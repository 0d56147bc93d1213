import twilio from 'twilio';
import type { Emulator } from '../../emulator/src';
import type { Backend } from './harness';

/** Everything a refused call must leave untouched: tasks, reservations, workers, interactions, conversations. */
export function stateOf(emulator: Emulator): string {
  const { tasks, reservations, workers, interactions, conversations } = emulator.snapshot();
  return JSON.stringify({ tasks, reservations, workers, interactions, conversations });
}

export interface HttpAnswer {
  status: number;
  body: { ok?: boolean; error?: { code: string; message: string; field?: string }; [key: string]: unknown };
}

/** POSTs to the in-process Functions host like a browser (JSON) or Twilio (form) would. */
export async function post(
  backend: Backend,
  route: string,
  fields: Record<string, unknown>,
  options: { form?: boolean; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const body = options.form
    ? new URLSearchParams(fields as Record<string, string>).toString()
    : JSON.stringify(fields);
  const response = await fetch(`${backend.functionsUrl}${route}`, {
    method: 'POST',
    headers: {
      'Content-Type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  let parsed: HttpAnswer['body'];
  try {
    parsed = JSON.parse(text) as HttpAnswer['body'];
  } catch {
    parsed = { raw: text };
  }
  return { status: response.status, body: parsed };
}

/** Signs a webhook request exactly as Twilio does, for the public URL the handler checks. */
export function signedHeaders(backend: Backend, route: string, params: Record<string, string>) {
  return {
    'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
      backend.env.AUTH_TOKEN,
      `${backend.functionsUrl}${route}`,
      params,
    ),
  };
}

export type TaskAttributes = Record<string, unknown> & {
  conversationSid?: string;
  leavePause?: Record<string, unknown> & { state?: string; timerTaskSid?: string; timerFor?: string };
};

export const LIVE = new Set(['pending', 'reserved', 'assigned', 'wrapping']);

export async function tasksOf(backend: Backend, conversationSid: string) {
  const tasks = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  return tasks
    .map((task) => ({ task, attributes: JSON.parse(task.attributes) as TaskAttributes }))
    .filter(({ attributes }) => attributes.conversationSid === conversationSid);
}

/** Paused tasks apart from live ones, with the pending timers of the paused ones. */
export async function workOn(backend: Backend, conversationSid: string) {
  const all = await backend.client.taskrouter.v1.workspaces(backend.seed.workspaceSid).tasks.list();
  const parsed = all.map((task) => ({
    task,
    attributes: JSON.parse(task.attributes) as TaskAttributes,
  }));
  const open = parsed.filter(
    ({ task, attributes }) =>
      attributes.conversationSid === conversationSid && LIVE.has(task.assignmentStatus),
  );
  const pendingTimers = new Set(
    parsed
      .filter(
        ({ task, attributes }) => task.assignmentStatus === 'pending' && attributes.leavePause?.timerFor,
      )
      .map(({ task }) => task.sid),
  );
  const paused = open.filter(({ attributes }) => attributes.leavePause?.state === 'paused');
  return {
    paused,
    live: open.filter(({ attributes }) => attributes.leavePause?.state !== 'paused'),
    pausedWithTimer: paused.filter(({ attributes }) =>
      pendingTimers.has(String(attributes.leavePause?.timerTaskSid)),
    ),
  };
}
