/** What the sandbox page draws: a small, stable view of the emulator's state, so the page does not depend on it. */
export interface WorkerView {
  sid: string;
  name: string;
  available: boolean;
  channels: { name: string; capacity: number; used: number }[];
}

export interface TaskView {
  sid: string;
  status: string;
  channel: string;
  queueName: string | null;
  workerSid: string | null;
  reservationSid: string | null;
  reservationStatus: string | null;
  conversationSid: string | null;
  customerName: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
}

export interface ConversationView {
  sid: string;
  state: string;
  channelType: string;
  channelStatus: string;
  channelHistory: { status: string; at: string }[];
  messages: { author: string; body: string; at: string; fromCustomer: boolean }[];
}

export interface SandboxView {
  now: string;
  workers: WorkerView[];
  tasks: TaskView[];
  conversations: ConversationView[];
  customRouting: { target: string; conversationSid: string; at?: string }[];
  twilioRequests: number;
  violations: number;
}
