import type { JsonObject } from '../util';

/* Dates are epoch milliseconds on the simulated clock. */

export interface Activity {
  sid: string;
  friendlyName: string;
  available: boolean;
  dateCreated: number;
  dateUpdated: number;
}

export interface Workspace {
  sid: string;
  friendlyName: string;
  eventCallbackUrl: string | null;
  eventsFilter: string | null;
  defaultActivitySid: string | null;
  timeoutActivitySid: string | null;
  multiTaskEnabled: boolean;
  prioritizeQueueOrder: 'FIFO' | 'LIFO';
  dateCreated: number;
  dateUpdated: number;
}

export interface TaskChannel {
  sid: string;
  uniqueName: string;
  friendlyName: string;
  channelOptimizedRouting: boolean | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface TaskQueue {
  sid: string;
  friendlyName: string;
  targetWorkers: string;
  maxReservedWorkers: number;
  taskOrder: 'FIFO' | 'LIFO';
  reservationActivitySid: string | null;
  assignmentActivitySid: string | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface Workflow {
  sid: string;
  friendlyName: string;
  configuration: string;
  assignmentCallbackUrl: string | null;
  fallbackAssignmentCallbackUrl: string | null;
  taskReservationTimeout: number;
  dateCreated: number;
  dateUpdated: number;
}

export interface Worker {
  sid: string;
  friendlyName: string;
  attributes: string;
  activitySid: string;
  dateCreated: number;
  dateUpdated: number;
  dateStatusChanged: number;
  /** Used to pick the longest-idle worker, like TaskRouter does. */
  lastReservedAt: number;
  order: number;
}

export interface WorkerChannel {
  sid: string;
  workerSid: string;
  taskChannelSid: string;
  capacity: number;
  available: boolean;
  dateCreated: number;
  dateUpdated: number;
}

export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'canceled' | 'completed' | 'wrapping';

export interface RoutingTarget {
  queue: string;
  expression?: string;
  skipIf?: string;
  timeout?: number;
  priority?: number;
  knownWorkerSid?: string;
}

export interface RoutingState {
  filterName: string | null;
  isDefaultFilter: boolean;
  targets: RoutingTarget[];
  index: number;
  timer?: number;
  skipWorkers: Set<string>;
}

export interface Task {
  sid: string;
  attributes: string;
  assignmentStatus: TaskStatus;
  priority: number;
  reason: string | null;
  taskChannelSid: string;
  taskQueueSid: string | null;
  workflowSid: string | null;
  timeout: number;
  dateCreated: number;
  dateUpdated: number;
  queueEnteredAt: number | null;
  ignoreCapacity: boolean;
  routingTarget: string | null;
  virtualStartTime: number;
  revision: number;
  /** Worker currently holding the task (reserved/assigned/wrapping). */
  workerSid: string | null;
  routing: RoutingState | null;
  ttlTimer?: number;
}

export type ReservationStatus =
  'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed';

export interface Reservation {
  sid: string;
  taskSid: string;
  workerSid: string;
  status: ReservationStatus;
  dateCreated: number;
  dateUpdated: number;
  timeoutTimer?: number;
}

export interface StatusChange {
  status: string;
  at: string;
}

export interface Interaction {
  sid: string;
  channelSid: string;
  channel: JsonObject;
  /** The routing `properties` of the create request, reused to route customer replies. */
  routingProperties: JsonObject;
  interactionContextSid: string | null;
  webhookTtid: string | null;
  firstTaskSid: string | null;
  dateCreated: number;
}

export interface InteractionChannel {
  sid: string;
  interactionSid: string;
  type: string;
  status: string;
  conversationSid: string | null;
  history: StatusChange[];
  dateUpdated: number;
  /** While `pause`: when Twilio reroutes the conversation (pause time + the account's pause limit). */
  statusTimeout: number | null;
  /** Twilio's internal record of the pause (never rendered): who paused, which task, the limit timer. */
  pause: ChannelPause | null;
}

export interface ChannelPause {
  workerSid: string;
  taskSid: string;
  routingStatus: 'closed' | 'wrapup';
  pausedAt: number;
  timer: number;
}

export interface InteractionParticipant {
  sid: string;
  interactionSid: string;
  channelSid: string;
  type: string;
  status: string | null;
  mediaProperties: JsonObject;
  /** Agents: the routing of the task that brought them in. Customers: null, as Twilio answers. */
  routingProperties: JsonObject | null;
  conversationParticipantSid: string | null;
  workerSid: string | null;
}

export interface Invite {
  sid: string;
  interactionSid: string;
  channelSid: string;
  routing: JsonObject;
  taskSid: string;
}

export type ConversationState = 'initializing' | 'inactive' | 'active' | 'closed';

export interface Conversation {
  sid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  state: ConversationState;
  messagingServiceSid: string | null;
  chatServiceSid: string;
  dateCreated: number;
  dateUpdated: number;
  dateInactive: number | null;
  dateClosed: number | null;
  closeTimer?: number;
  inactiveTimer?: number;
  /** Set when the conversation belongs to a Flex interaction channel. */
  interactionSid: string | null;
  channelSid: string | null;
  channelType: string | null;
  customerIdentity: string | null;
  /** Conversation that a reply to this closed conversation started. */
  successorSid: string | null;
  nextMessageIndex: number;
}

export interface Message {
  sid: string;
  conversationSid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: string;
  participantSid: string | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface ConvParticipant {
  sid: string;
  conversationSid: string;
  identity: string | null;
  attributes: string;
  messagingBinding: JsonObject | null;
  roleSid: string | null;
  lastReadMessageIndex: number | null;
  lastReadTimestamp: string | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface ScopedWebhook {
  sid: string;
  conversationSid: string;
  target: 'webhook' | 'trigger' | 'studio';
  url: string | null;
  method: string;
  filters: string[];
  triggers: string[];
  flowSid: string | null;
  replayAfter: number | null;
  dateCreated: number;
  dateUpdated: number;
}

export interface IssuedToken {
  token: string;
  workerSid: string;
  identity: string;
  roles: string[];
  expiresAt: number;
}

export interface SyncService {
  sid: string;
  uniqueName: string | null;
  friendlyName: string | null;
  webhookUrl: string | null;
  webhooksFromRestEnabled: boolean;
  reachabilityWebhooksEnabled: boolean;
  aclEnabled: boolean;
  reachabilityDebouncingEnabled: boolean;
  reachabilityDebouncingWindow: number;
  dateCreated: number;
  dateUpdated: number;
}

export interface SyncMap {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  revision: number;
  dateExpires: number | null;
  expiryTimer?: number;
  dateCreated: number;
  dateUpdated: number;
}

/** A Sync Document (issue 18: an agent's live feed of their pause records). */
export interface SyncDocument {
  sid: string;
  serviceSid: string;
  uniqueName: string | null;
  /** JSON text of the document's data object. */
  data: string;
  revision: number;
  dateExpires: number | null;
  expiryTimer?: number;
  dateCreated: number;
  dateUpdated: number;
}

/** What one client identity may do with one document when the service has ACLs on. */
export interface SyncDocumentPermission {
  serviceSid: string;
  documentSid: string;
  identity: string;
  read: boolean;
  write: boolean;
  manage: boolean;
}

/** An API key (SK…) of the account: the secret signs the Access Tokens the Functions mint for clients. */
export interface ApiKey {
  sid: string;
  secret: string;
}

export interface SyncMapItem {
  key: string;
  mapSid: string;
  serviceSid: string;
  /** JSON text of the item's data object. */
  data: string;
  revision: number;
  dateExpires: number | null;
  expiryTimer?: number;
  dateCreated: number;
  dateUpdated: number;
}
