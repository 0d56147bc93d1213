export {
  Emulator,
  startEmulator,
  DEFAULT_ACCOUNT_SID,
  DEFAULT_AUTH_TOKEN,
  type EmulatorOptions,
} from './emulator';
export type {
  SeedResult,
  CustomerStartInput,
  CustomerStartResult,
  CustomerSendResult,
  TokenInput,
  TokenValidation,
  ChannelType,
} from './platform';
export type { Snapshot } from './snapshot';
export type { FaultInput, Fault } from './faults';
export type { Delivery } from './webhooks';
export type {
  ChannelLogEntry,
  CustomRoutingEntry,
  StudioExecution,
  Violation,
  RequestLogEntry,
  EmulatorSettings,
  LeaveRouting,
  SpecExceptionUse,
} from './state/world';
export { DEFAULT_PAUSE_LIMIT_SECONDS } from './state/world';
export { CHANNEL_CONFLICT_CODE } from './state/flex';
export { SYNC_ERRORS } from './state/sync';
export { twilioSignature } from './webhooks';
export { evaluateExpression, validateExpression, ExpressionError } from './routing/expression';
export { SpecValidator, resolveSpecDir, SPEC_EXCEPTIONS, type SpecException } from './spec/validator';
